/** Version of the Highflame SDK packages (one fixed version group); kept in step with package.json by a test. */
export const VERSION = "0.1.0";
