export const PACKAGE_NAME = "@highflame/sdk";
