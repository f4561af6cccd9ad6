//! The Users tab of an IdLCM integration.
