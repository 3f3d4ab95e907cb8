import { register } from "phoenix-otel-auth";
register();
