//! nubefact-mock: skeleton, filled by issue 3.
