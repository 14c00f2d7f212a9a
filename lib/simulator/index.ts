// An in-process AWS simulator for ECS, CloudWatch, CloudWatch Logs and ELBv2, speaking the
// real wire protocols so the app's SDK code runs against it unchanged.
//
//   const sim = await startSimulator({ seed: 7 })        // demo fleet from prisma/seed.ts
//   Object.assign(process.env, sim.env())                 // or pass sim.env() to a child process
//   sim.scenarios.inject({ cluster: 'shop-prod', service: 'orders-api', scenario: 'crash_loop' })
//   await sim.stop()
export { startSimulator, simulatorEnv, type CallCounts, type SimulatorHandle, type SimulatorOptions } from './server'
export { manualClock, systemClock, type ManualClock, type SimClock } from './clock'
export { demoFleet, generatedFleet, type FleetServiceSpec, type FleetSpec } from './fleet'
export { scenarioDescriptions, scenarioKinds, type ActiveScenario, type ScenarioInput, type ScenarioKind, type ScenarioOptions } from './scenarios'
export { faultKinds, type ActiveFault, type FaultInput, type FaultKind } from './faults'
export { Simulation, SimulationError, type ServiceSnapshot } from './simulation'
