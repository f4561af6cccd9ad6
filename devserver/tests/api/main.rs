//! The API of the dev server against the contract: every JSON answer is checked against the
//! response schemas of `contract/openapi.yaml` (the test kit's `api` module). One module per
//! behaviour; each uses the kit and nothing of another module.

mod auth;
mod contract_1_1;
mod integrations;
mod server;
mod user_detail;
mod users_list;
mod users_query;
