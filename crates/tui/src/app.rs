//! The app loop: input, effect answers and the clock become actions; `update` changes the
//! state; a frame is drawn only when something changed and no other action is waiting.
//!
//! Generic over the ratatui backend and the input stream, so tests drive this very loop with
//! synthetic keys and a `TestBackend`.

use super::action::Action;
use super::clipboard::Clipboard;
use super::effect::{Effect, QUIT_WAIT, Runner};
use super::state::{Session, State};
use super::update::update;
use super::views;
use crate::backend::Backend as OrderBackend;
use crate::domain::Millis;
use color_eyre::eyre::{Result, eyre};
use crossterm::event::Event;
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

pub struct App<B: Backend> {
    pub terminal: Terminal<B>,
    pub state: State,
    runner: Runner,
    tx: UnboundedSender<Action>,
    rx: UnboundedReceiver<Action>,
    clipboard: Box<dyn Clipboard>,
    clock: fn() -> Millis,
    /// When the loop ended: the time quitting has spent comes out of the 2 s it may take.
    pub quit_started: Option<std::time::Instant>,
    /// Whether the terminal has hung up: a failed read or frame is then a hang-up (leave as
    /// for SIGHUP), not an error. Never, unless the real terminal says so ([`Self::on_terminal`]).
    hung_up: fn() -> bool,
}

impl<B: Backend> App<B> {
    pub fn new(
        terminal: Terminal<B>,
        backend: Arc<dyn OrderBackend>,
        session: Session,
        clock: fn() -> Millis,
        clipboard: Box<dyn Clipboard>,
    ) -> App<B> {
        let (tx, rx) = unbounded_channel();
        let size = terminal.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
        let runner = Runner::new(backend, tx.clone()).speaking(session.lang);
        let state = State::new(session, clock(), size);
        App { terminal, state, runner, tx, rx, clipboard, clock, quit_started: None, hung_up: || false }
    }

    /// The real terminal: `hung_up` tells a failed read or frame after a hang-up from an error.
    pub fn on_terminal(&mut self, hung_up: fn() -> bool) {
        self.hung_up = hung_up;
    }

    /// Online mode: the sync status the status bar polls.
    pub fn set_online(&mut self, online: Arc<dyn crate::backend::sync::OnlineStatus>) {
        self.runner.set_online(online);
    }

    /// `--shop FILE`: compares the shop file at start, the Drift view saying so meanwhile.
    pub fn set_reconcile(&mut self, job: crate::drift::ReconcileJob) {
        self.runner.set_reconcile(job);
        self.state.drift.job_waiting = true;
    }

    /// Runs a background task (a signal watcher, say) until quit, when it is cancelled.
    pub fn watch(&mut self, task: impl std::future::Future<Output = ()> + Send + 'static) {
        self.runner.watch(task);
    }

    /// Where signal handlers (and tests) send actions from outside.
    pub fn sender(&self) -> UnboundedSender<Action> {
        self.tx.clone()
    }

    /// Applies one action and starts the effects it asks for.
    pub fn dispatch(&mut self, action: Action) {
        for effect in update(&mut self.state, action) {
            match effect {
                Effect::Copy(text) => self.clipboard.copy(&text),
                other => self.runner.spawn(other),
            }
        }
    }

    pub fn draw(&mut self) -> Result<()> {
        let state = &self.state;
        self.terminal.draw(|frame| views::draw(frame, state)).map_err(|e| eyre!("cannot draw: {e}"))?;
        self.state.dirty = false;
        Ok(())
    }

    /// Draws; a frame that fails because the terminal hung up leaves as SIGHUP does.
    fn draw_or_leave(&mut self) -> Result<()> {
        match self.draw() {
            Err(_) if (self.hung_up)() => {
                self.dispatch(Action::Quit);
                Ok(())
            }
            other => other,
        }
    }

    /// Runs until quit (keys, a signal, or the input ending) and hands the app back, once every
    /// task it started has been cancelled and awaited (at most [`QUIT_WAIT`]; a payment
    /// request still in flight after that is left to the journal).
    pub async fn run<S>(mut self, mut input: S) -> Result<App<B>>
    where
        S: Stream<Item = std::io::Result<Event>> + Unpin,
    {
        let size = self.terminal.size().map_err(|e| eyre!("cannot read the terminal size: {e}"))?;
        self.dispatch(Action::Start(size.width, size.height));
        self.draw_or_leave()?;
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        while !self.state.quit {
            tokio::select! {
                biased;
                Some(action) = self.rx.recv() => self.dispatch(action),
                event = input.next() => match event {
                    Some(Ok(Event::Key(key))) => self.dispatch(Action::Key(key)),
                    Some(Ok(Event::Resize(w, h))) => self.dispatch(Action::Resize(w, h)),
                    Some(Ok(Event::Paste(text))) => self.dispatch(Action::Paste(text)),
                    Some(Ok(Event::Mouse(event))) => self.dispatch(Action::Mouse { event, at: (self.clock)() }),
                    Some(Ok(_)) => {}
                    Some(Err(_)) if (self.hung_up)() => self.dispatch(Action::Quit),
                    Some(Err(e)) => return Err(eyre!("cannot read the keyboard: {e}")),
                    None => self.dispatch(Action::Quit),
                },
                _ = tick.tick() => self.dispatch(Action::Tick((self.clock)())),
            }
            if self.state.dirty && self.rx.is_empty() && !self.state.quit {
                self.draw_or_leave()?;
            }
        }
        self.quit_started = Some(std::time::Instant::now());
        self.runner.shutdown(QUIT_WAIT).await;
        Ok(self)
    }
}
