//! Reading values back from the store: a stored value that no longer parses is logged with the
//! row it came from and left out, so a row never vanishes from an answer without a trace.

/// `parsed` as an `Option`; an error is logged naming `what` and the stored `row`.
pub fn or_log<T, E: std::fmt::Display>(parsed: Result<T, E>, what: &str, row: &str) -> Option<T> {
    match parsed {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::warn!(what, row, %error, "a stored value no longer parses; it is left out");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::or_log;

    #[test]
    fn values_pass_and_failures_are_left_out() {
        assert_eq!(or_log("7".parse::<u8>(), "version", "sales"), Some(7));
        assert_eq!(or_log("700".parse::<u8>(), "version", "sales"), None);
    }
}
