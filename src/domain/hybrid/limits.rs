//! What Qlik Cloud does not support in apps distributed from client-managed sites: on-demand
//! (ODAG) template apps, and visualizations from extensions.

/// Built-in chart and object types of Qlik Sense (Qlik-supplied bundles are recognised by
/// their `sn-` and `qlik-` prefixes).
const NATIVE_TYPES: [&str; 24] = [
    "action-button",
    "auto-chart",
    "barchart",
    "boxplot",
    "bulletchart",
    "combochart",
    "container",
    "distributionplot",
    "filterpane",
    "gauge",
    "histogram",
    "kpi",
    "linechart",
    "listbox",
    "map",
    "mekkochart",
    "piechart",
    "pivot-table",
    "scatterplot",
    "table",
    "text-image",
    "treemap",
    "waterfallchart",
    "variable",
];

/// True when an object of type `object_type` comes from an extension rather than Qlik.
pub fn is_extension_type(object_type: &str) -> bool {
    let t = object_type.trim();
    !(NATIVE_TYPES.contains(&t) || t.starts_with("sn-") || t.starts_with("qlik-"))
}

/// The ODAG binding expressions (`$(odag_Field)`, `$(odagsn_Field)`, legacy `$(od_Field)`,
/// `$(ods_…)`, `$(odo_…)`, `$(odso_…)`) in a load script: a template app of on-demand
/// generation, which distributed apps may not be. Binding names as written, in order.
pub fn odag_bindings(script: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = script;
    while let Some(at) = rest.find("$(") {
        let after = &rest[at + 2..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if is_binding(&name) && after[name.len()..].starts_with(')') {
            found.push(name.clone());
        }
        rest = &after[name.len()..];
    }
    found
}

/// `odag[s|o][n][cnt]_<field>` or the legacy `od[s][o]_<field>` (case-insensitive prefix).
fn is_binding(name: &str) -> bool {
    let Some((prefix, field)) = name.split_once('_') else {
        return false;
    };
    if field.is_empty() {
        return false;
    }
    let prefix = prefix.to_ascii_lowercase();
    let Some(flags) = prefix.strip_prefix("odag") else {
        return matches!(prefix.as_str(), "od" | "ods" | "odo" | "odso");
    };
    let flags = flags.strip_suffix("cnt").unwrap_or(flags);
    let flags = flags.strip_suffix('n').unwrap_or(flags);
    matches!(flags, "" | "s" | "o")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_types() {
        for (t, ext) in [
            ("barchart", false),
            ("kpi", false),
            ("sn-table", false),
            ("qlik-multi-kpi", false),
            ("pivot-table", false),
            ("cl-horizontalselectionbar", true),
            ("d3-sunburst", true),
            ("", true),
        ] {
            assert_eq!(is_extension_type(t), ext, "{t:?}");
        }
    }

    #[test]
    fn odag_binding_table() {
        let cases: [(&str, &[&str]); 9] = [
            (
                "LOAD * FROM x WHERE Region IN ($(odag_Region));",
                &["odag_Region"],
            ),
            (
                "WHERE a IN ($(odagsn_Year)) AND b=$(odagncnt_B)",
                &["odagsn_Year", "odagncnt_B"],
            ),
            (
                "$(od_X) $(ods_Y) $(odo_Z) $(odso_W)",
                &["od_X", "ods_Y", "odo_Z", "odso_W"],
            ),
            ("LET v = $(vToday);", &[]),
            ("$(odagx_Field)", &[]),
            ("$(odag_)", &[]),
            ("$(odag_Field", &[]),
            ("LOAD * INLINE [a\n1];", &[]),
            (
                "$(ODAG_Region) $(odagoncnt_R)",
                &["ODAG_Region", "odagoncnt_R"],
            ),
        ];
        for (script, want) in cases {
            assert_eq!(odag_bindings(script), want, "{script:?}");
        }
    }
}
