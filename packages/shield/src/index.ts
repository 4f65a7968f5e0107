export const PACKAGE_NAME = "@highflame/shield";
