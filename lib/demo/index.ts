export { DEMO_EXPECTED } from "./expected";
export {
  DEMO_AGENT_LOG_PATH,
  DEMO_DEFAULT_NOISE,
  DEMO_DEFAULT_SEED,
  type DemoFile,
  type DemoOptions,
  generateDemoIncident,
} from "./generate";
export {
  DEMO_SAFEGUARDS_EXPECTED,
  demoSafeguardsFile,
  generateDemoRemediation,
  SCP_POLICY as DEMO_SCP_POLICY,
} from "./remediation";
