import { sharedProject } from "../../vitest.shared.ts";

export default sharedProject("@highflame/readme-snippets");
