export { createSmsRouter, mountSms, type SmsWebhookOptions } from './sms-webhook';
export { createTwilioSender, createRebasingRequestClient, TwilioSenderConfigError, type TwilioSenderOptions } from './twilio-sender';
export { checkTwilioSignature, signedUrl, type SignatureSettings, type SignatureCheck } from './twilio-signature';
