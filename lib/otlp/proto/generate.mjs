// Regenerates ../descriptor.json (a protobufjs JSON descriptor) from the vendored OpenTelemetry .proto files:
//   node lib/otlp/proto/generate.mjs
// The .proto files are copied unchanged from open-telemetry/opentelemetry-proto (Apache-2.0, see LICENSE here and
// SOURCES.md); only the trace and logs services and what they import are kept.
import { writeFileSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";

const here = import.meta.dirname;
const files = ["opentelemetry/proto/collector/trace/v1/trace_service.proto", "opentelemetry/proto/collector/logs/v1/logs_service.proto"];
const root = new protobuf.Root();
root.resolvePath = (_origin, target) => path.join(here, target);
root.loadSync(files, { keepCase: false });
root.resolveAll();
writeFileSync(path.join(here, "..", "descriptor.json"), `${JSON.stringify(root.toJSON())}\n`);
console.log("wrote lib/otlp/descriptor.json");
