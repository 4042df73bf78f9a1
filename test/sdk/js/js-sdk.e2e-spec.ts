import { conversationsArea } from './areas/conversations';
import { friendsArea } from './areas/friends';
import { groupMembersArea } from './areas/group-members';
import { groupsArea } from './areas/groups';
import { messageTypesArea } from './areas/message-types';
import { messagesArea } from './areas/messages';
import { sessionArea } from './areas/session';
import { usersArea } from './areas/users';
import { sdkSuite } from './harness';

/**
 * The official JS SDK (@openim/client-sdk 0.0.14) against the built server as production runs it: one spawned
 * server on fresh storage for every area (each test registers users of its own), which keeps the tier's time to the
 * tests rather than to start-ups. Run one area with `-t '<area name>'`.
 */
describe('JS SDK', () => {
  const suite = sdkSuite();
  sessionArea(suite);
  usersArea(suite);
  friendsArea(suite);
  groupsArea(suite);
  groupMembersArea(suite);
  conversationsArea(suite);
  messagesArea(suite);
  messageTypesArea(suite);
});
