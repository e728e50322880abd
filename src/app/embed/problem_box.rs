//! The box the module shows instead of a blank frame: what failed, and the causes the hub
//! named (its diagnosis, or the section access rule that gives the user no row).

use super::dom::{append, by_class, element, remove_all};
use super::sign_in::Problem;
use web_sys::Element;

const BOX: &str = "oem-hub-problem";

/// Shows `problem` in the module under `host`, before the sheet (none: removes the box).
pub fn render(host: &Element, problem: Option<&Problem>) -> Option<()> {
    remove_all(host, BOX);
    let problem = problem?;
    let frame = by_class(host, "oem-hub-frame").pop()?;
    let root = frame.parent_element()?;
    let attributes = [
        ("class", BOX),
        ("role", "alert"),
        ("data-code", problem.code.as_str()),
    ];
    let shown = element("div", &attributes, None)?;
    let message = element("p", &[], Some(&problem.message))?;
    let causes = element("ul", &[], None)?;
    for finding in &problem.causes {
        let cause = [("data-cause", finding.cause.as_str())];
        append(&causes, &[&element("li", &cause, Some(&finding.message))?]);
    }
    append(&shown, &[&message, &causes]);
    root.insert_before(&shown, Some(&frame)).ok().map(|_| ())
}
