/** The OpenTelemetry JS SDK 3 packages the tests run, name to exact version. */
export const SDK3_PACKAGES: Readonly<Record<string, string>>;
