export { mountAndroidGateway, ANDROID_GATEWAY_PATH, type AndroidGatewayDeps, type AndroidGatewayHandle } from './android-webhook';
export { createAndroidGatewaySender, gatewayMessageId, AndroidGatewayConfigError, type AndroidGatewaySenderDeps } from './android-sender';
export { createGatewayWatchdog, type GatewayWatchdog, type GatewayWatchdogDeps, type WatchdogReport, type DeviceAlert } from './gateway-watchdog';
export { createDeviceRegistry, type DeviceRegistry, type GatewayDeviceRecord, type GatewayDevicesRepo } from './device-registry';
export { signGatewayPayload, verifyGatewaySignature, DEFAULT_TOLERANCE_SECONDS } from './signature';
export { COMMUNE_OFFICE_HOURS, isWorkingTime, workingMinutesBetween, type WorkingHours } from './working-hours';
