import type { ChannelFactory } from './door-plugin';
import { smsChannel } from '../sms/twilio/plugin';
import { androidGatewayChannel } from '../sms/android/plugin';
import { telegramChannel } from '../bot/telegram/plugin';
import { zaloChannel } from '../bot/zalo/plugin';
import { webChannel } from '../web/plugin';

/**
 * Every door Loa opens, in the order their routes are mounted: adding a door is
 * its folder and one entry here. Each reads its own settings and stays off without them.
 */
export const DOORS: readonly ChannelFactory[] = [smsChannel, telegramChannel, zaloChannel, androidGatewayChannel, webChannel];
