import { defineConformanceSuite } from "./suite.js";

defineConformanceSuite("mock-server");
