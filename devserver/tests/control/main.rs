//! The `/dev` control API of the dev server: fault injection, the simulator, reset and row
//! overrides. One module per behaviour; each uses the test kit and nothing of another module.

mod fault_shapes;
mod faults;
mod overrides;
mod simulator;
