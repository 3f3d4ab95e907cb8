import { defineConformanceSuite } from "./suite.js";

defineConformanceSuite("mock-msw");
