export { createHttpApp, type HttpAppOptions, type MountFn } from './http-app';
export { HTTP_TIMEOUTS, listenHttp, type RunningHttpServer } from './listen';
export { createSmsRouter, type SmsWebhookOptions } from './sms-webhook';
export { createTwilioSender, createRebasingRequestClient, TwilioSenderConfigError, type TwilioSenderOptions } from './twilio-sender';
export { smsWebhookOptionsFromConfig, twilioSenderFromConfig, logSmsStartup } from './from-config';
export { checkTwilioSignature, signedUrl, type SignatureSettings, type SignatureCheck } from './twilio-signature';
export { inboundSmsParams, newMessageSid, signedTwilioPost } from './sign-request';
export { createRateLimiter, type RateLimiter } from './rate-limiter';
