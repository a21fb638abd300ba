import { CommerceError } from '../shared/errors.js';

/** The steps of a checkout, in order. */
export const CHECKOUT_STEPS = ['cart_review', 'shipping_info', 'payment_info', 'order_review', 'confirmation'] as const;
export type CheckoutStep = (typeof CHECKOUT_STEPS)[number];

/** What moves a checkout between steps. */
export type CheckoutAction = 'set_shipping' | 'set_payment' | 'set_guest' | 'select_shipping_option' | 'confirm' | 'reopen';

/** Where the checkout stands: the part of the state the step machine reads and writes. */
export interface StepState {
  currentStep: CheckoutStep;
  completedSteps: readonly CheckoutStep[];
  hasShipping: boolean;
  hasPayment: boolean;
}

/**
 * From which steps each action may be taken. Earlier steps may be revisited (a new address
 * from the review step), nothing changes once the order is confirmed except a `reopen`
 * after its payment finally failed.
 */
export const ALLOWED_FROM: Readonly<Record<CheckoutAction, readonly CheckoutStep[]>> = {
  set_shipping: ['shipping_info', 'payment_info', 'order_review'],
  set_guest: ['shipping_info', 'payment_info', 'order_review'],
  select_shipping_option: ['payment_info', 'order_review'],
  set_payment: ['payment_info', 'order_review'],
  confirm: ['order_review'],
  reopen: ['confirmation'],
};

/** The state right after a successful start: the cart was reviewed (non-empty, in stock). */
export function initialSteps(): StepState {
  return { currentStep: 'shipping_info', completedSteps: ['cart_review'], hasShipping: false, hasPayment: false };
}

function stepsUpTo(step: CheckoutStep): CheckoutStep[] {
  return CHECKOUT_STEPS.slice(0, CHECKOUT_STEPS.indexOf(step));
}

/**
 * The next step state, or `CHECKOUT_INVALID_STEP`. Invariants (property-tested): the
 * completed steps are always exactly the steps before the current one, `order_review` is
 * current only with both shipping and payment set, and `confirmation` is reached only by
 * `confirm`. Setting the address again sends the checkout back to review (or to payment
 * when none is set), since shipping and tax may have changed.
 */
export function transition(state: StepState, action: CheckoutAction): StepState {
  if (!ALLOWED_FROM[action].includes(state.currentStep)) {
    throw new CommerceError('CHECKOUT_INVALID_STEP', {
      step: state.currentStep,
      action,
      reason: `cannot ${action.replace(/_/g, ' ')} at step ${state.currentStep}`,
    });
  }
  const at = (currentStep: CheckoutStep, patch: Partial<StepState> = {}): StepState => ({
    ...state,
    ...patch,
    currentStep,
    completedSteps: stepsUpTo(currentStep),
  });
  switch (action) {
    case 'set_shipping':
      return at(state.hasPayment ? 'order_review' : 'payment_info', { hasShipping: true });
    case 'set_payment':
      return at('order_review', { hasPayment: true });
    case 'set_guest':
    case 'select_shipping_option':
      return at(state.currentStep);
    case 'confirm':
      return at('confirmation');
    case 'reopen':
      // The payment failed after the order was recorded: ask for a new payment method.
      return at('payment_info', { hasPayment: false });
  }
}
