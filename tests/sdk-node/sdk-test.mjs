// Smartpay's official Node SDK (@smartpay/sdk-node 0.9.1, from npm) against the console's
// sandbox: every order-management call returns the documented object, none returns "".
// Run by tests/sandbox_sdk_node.rs with SANDBOX_URL (http://127.0.0.1:PORT/v1), SANDBOX_KEY
// and SANDBOX_ORDER (a manual-capture order of at least ¥10,000 awaiting capture).
import Smartpay from '@smartpay/sdk-node';

const url = process.env.SANDBOX_URL;
const key = process.env.SANDBOX_KEY;
const orderId = process.env.SANDBOX_ORDER;
if (!url || !key || !orderId) {
  console.error('SANDBOX_URL, SANDBOX_KEY and SANDBOX_ORDER are required');
  process.exit(2);
}

const smartpay = new Smartpay(key, { apiPrefix: url });
let checks = 0;

function expect(condition, what, value) {
  if (!condition) {
    console.error(`FAILED: ${what}\n${JSON.stringify(value, null, 2)}`);
    process.exit(1);
  }
  checks += 1;
}

function isObject(value, object, what) {
  expect(value !== '' && typeof value === 'object' && value !== null, `${what} returns an object, not ""`, value);
  expect(value.object === object, `${what} returns a ${object}`, value);
  return value;
}

const orders = isObject(await smartpay.listOrders({ maxResults: 3 }), 'collection', 'listOrders');
expect(orders.data.length > 0 && orders.data[0].object === 'order', 'listOrders lists orders', orders);

const order = isObject(await smartpay.getOrder({ id: orderId, expand: 'all' }), 'order', 'getOrder');
expect(order.id === orderId && order.status === 'requires_capture', 'getOrder returns the order', order);

// The SDK's CANCEL_REMAINDER_AUTOMATIC constant is misspelt ('autommatic'): pass 'manual'.
const first = isObject(
  await smartpay.capture({
    order: orderId,
    amount: 1000,
    currency: 'JPY',
    cancelRemainder: 'manual',
    reference: 'sdk-capture-1',
    description: 'first capture',
    metadata: { ticket: 'T-1' },
  }),
  'payment',
  'capture',
);
expect(first.amount === 1000 && first.order === orderId, 'capture captures the amount', first);
expect(first.reference === 'sdk-capture-1' && first.metadata.ticket === 'T-1', 'capture keeps reference and metadata', first);
const second = isObject(
  await smartpay.createPayment({ order: orderId, amount: 500, currency: 'JPY', cancelRemainder: 'manual' }),
  'payment',
  'createPayment',
);
expect(second.id !== first.id, 'a second capture is a second payment', second);

const got = isObject(await smartpay.getPayment({ id: first.id }), 'payment', 'getPayment');
expect(got.id === first.id && got.description === 'first capture', 'getPayment returns the payment as created', got);
const updatedPayment = isObject(
  await smartpay.updatePayment({ id: first.id, reference: 'sdk-capture-1b', metadata: { ticket: 'T-2' } }),
  'payment',
  'updatePayment',
);
expect(updatedPayment.reference === 'sdk-capture-1b' && updatedPayment.metadata.ticket === 'T-2', 'updatePayment updates', updatedPayment);
const payments = isObject(await smartpay.listPayments({ maxResults: 3 }), 'collection', 'listPayments');
expect(payments.data.length > 0 && payments.data.every((p) => p.object === 'payment'), 'listPayments lists payments', payments);

const refund = isObject(
  await smartpay.refund({
    payment: first.id,
    amount: 300,
    currency: 'JPY',
    reason: Smartpay.REFUND_REQUEST_BY_CUSTOMER,
    reference: 'sdk-refund-1',
  }),
  'refund',
  'refund',
);
expect(refund.amount === 300 && refund.payment === first.id && refund.reference === 'sdk-refund-1', 'refund refunds', refund);
const gotRefund = isObject(await smartpay.getRefund({ id: refund.id }), 'refund', 'getRefund');
expect(gotRefund.id === refund.id && gotRefund.status === 'succeeded', 'getRefund returns the refund', gotRefund);
const updatedRefund = isObject(
  await smartpay.updateRefund({ id: refund.id, description: 'goodwill' }),
  'refund',
  'updateRefund',
);
expect(updatedRefund.description === 'goodwill' && updatedRefund.reference === 'sdk-refund-1', 'updateRefund updates', updatedRefund);
const refunds = isObject(await smartpay.listRefunds({ maxResults: 3 }), 'collection', 'listRefunds');
expect(refunds.data.some((r) => r.id === refund.id), 'listRefunds lists the refund', refunds);

const canceled = isObject(await smartpay.cancelOrder({ id: orderId }), 'order', 'cancelOrder');
expect(canceled.status === 'succeeded', 'cancelling after captures leaves the order succeeded', canceled);

try {
  await smartpay.getOrder({ id: 'order_test_doesNotExist' });
  expect(false, 'an unknown order is an error', null);
} catch (error) {
  expect(error.errorCode === 'order.not-found' && error.statusCode === 404, 'an unknown order is order.not-found', error);
}

console.log(`sdk-node: ${checks} checks passed`);
