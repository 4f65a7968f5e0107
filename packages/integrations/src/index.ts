export const PACKAGE_NAME = "@highflame/integrations";
