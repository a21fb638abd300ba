import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_STEP_RULES as ALLOWED_FROM, CHECKOUT_STEPS, checkoutTransition, type CheckoutAction, type CheckoutStepState as StepState } from '../../src/index.js';

const ACTIONS = Object.keys(ALLOWED_FROM) as CheckoutAction[];
const start: StepState = { currentStep: 'shipping_info', completedSteps: ['cart_review'], hasShipping: false, hasPayment: false };

describe('checkout step machine', () => {
  it('keeps its invariants under any sequence of actions', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTIONS), { maxLength: 40 }), (actions) => {
        let state = start;
        for (const action of actions) {
          const before = state;
          try {
            state = checkoutTransition(state, action);
          } catch (error) {
            expect(error).toMatchObject({ code: 'CHECKOUT_INVALID_STEP' });
            expect(ALLOWED_FROM[action]).not.toContain(before.currentStep);
            continue;
          }
          // Completed steps are exactly those before the current one.
          expect(state.completedSteps).toEqual(CHECKOUT_STEPS.slice(0, CHECKOUT_STEPS.indexOf(state.currentStep)));
          if (state.currentStep === 'order_review') expect(state.hasShipping && state.hasPayment).toBe(true);
          if (state.currentStep === 'payment_info') expect(state.hasShipping).toBe(true);
          if (state.currentStep === 'confirmation') expect(before.currentStep === 'order_review' && action === 'confirm').toBe(true);
          if (before.currentStep === 'confirmation') expect(action).toBe('reopen');
        }
      }),
    );
  });

  it('goes back to review after a new address, and to payment after a reopen', () => {
    const atReview = checkoutTransition(checkoutTransition(checkoutTransition(start, 'set_shipping'), 'set_payment'), 'set_shipping');
    expect(atReview.currentStep).toBe('order_review');
    const confirmed = checkoutTransition(atReview, 'confirm');
    expect(() => checkoutTransition(confirmed, 'set_shipping')).toThrow(/cannot set shipping/);
    expect(checkoutTransition(confirmed, 'reopen')).toMatchObject({ currentStep: 'payment_info', hasPayment: false });
  });
});
