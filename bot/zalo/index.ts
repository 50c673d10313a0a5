export { ZaloApi, ZaloApiError, ZALO_API_ROOT, ZALO_TEXT_LIMIT, unwrapUpdate, type ZaloUpdate } from './api-client';
export { createZaloDoor, type ZaloDoor, type ZaloDoorDeps, type ZaloUpdateOutcome } from './zalo-door';
export { mountZaloWebhook, secretMatches, ZALO_WEBHOOK_PATH, ZALO_SECRET_HEADER } from './webhook';
export { startZaloPolling, type ZaloPolling } from './polling';
export { createZaloSender, classifyZaloError, isZaloBlocked } from './zalo-sender';
export { createDownloadLinks, DOWNLOAD_PATH, type DownloadLinks } from './download-links';
