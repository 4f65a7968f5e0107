export const PACKAGE_NAME = "@highflame/testing";
