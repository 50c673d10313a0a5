import { twilioDoor } from '../sms/twilio/plugin';
import { androidGatewayDoor } from '../sms/android/plugin';
import { telegramDoor } from '../bot/telegram/plugin';
import { zaloDoor } from '../bot/zalo/plugin';
import { webDoor } from '../web/plugin';

/**
 * Every door Loa opens, in the order their routes are mounted: adding a door is
 * its folder and one entry here (its settings join the config, its plug-in the
 * runtime). Each stays off without its settings.
 */
export const DOORS = [twilioDoor, telegramDoor, zaloDoor, androidGatewayDoor, webDoor] as const;
