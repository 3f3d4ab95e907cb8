import { defineConformanceSuite } from "./suite.js";

defineConformanceSuite("real");
