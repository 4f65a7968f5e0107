export const PACKAGE_NAME = "@highflame/demo";
