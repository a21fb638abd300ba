export { validateApplePayMerchant, isApplePayValidationUrl, type ApplePayMerchantValidation } from './merchant-validation.js';
