export const PACKAGE_NAME = "@highflame/auth";
