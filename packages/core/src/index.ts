export const PACKAGE_NAME = "@highflame/core";
