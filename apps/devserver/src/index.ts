export const PACKAGE_NAME = "@highflame/devserver";
