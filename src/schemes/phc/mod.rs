//! The phc family.

use std::sync::Arc;

use crate::scheme::Scheme;

/// This family's schemes, in identification order.
pub(crate) fn schemes() -> Vec<Arc<dyn Scheme>> {
    vec![]
}
