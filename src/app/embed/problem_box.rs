//! The box the module shows instead of a blank frame: what failed, and the causes the hub
//! named (its diagnosis, or the section access rule that gives the user no row).

use super::sign_in::Problem;
use leptos::prelude::*;

/// The failure and what the hub found, instead of a blank frame.
#[component]
pub fn ProblemBox(problem: Problem) -> impl IntoView {
    let causes = problem
        .causes
        .into_iter()
        .map(|f| {
            view! { <li data-cause=f.cause.as_str()>{f.message}</li> }
        })
        .collect_view();
    view! {
        <div class="oem-hub-problem" role="alert" data-code=problem.code>
            <p>{problem.message}</p>
            <ul>{causes}</ul>
        </div>
    }
}
