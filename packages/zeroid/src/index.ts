export const PACKAGE_NAME = "@highflame/zeroid";
