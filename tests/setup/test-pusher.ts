/** The app credentials of the test run's Soketi. */
export const TEST_PUSHER = { appId: "test-app", key: "test-key", secret: "test-secret" };
