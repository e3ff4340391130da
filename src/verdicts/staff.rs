//! Staff: dedicated-person promises against `assignment` and caseload, and named roles
//! against `[staff]` and the roles channels are staffed by.

use crate::manifest::{Assignment, Manifest, Role};
use crate::promises::Frame;

use super::availability::staff_name;
use super::{Judgement, Policy};

pub fn dedicated(frame: &Frame, m: &Manifest, policy: &Policy) -> Judgement {
    let roles: Vec<Role> = frame
        .roles
        .iter()
        .filter_map(|r| Role::from_name(r))
        .collect();
    // The role named in the sentence; without one, any role the program could assign.
    let subject: Vec<Role> = if let Some(first) = roles.first() {
        vec![*first]
    } else {
        m.staff.keys().copied().collect()
    };
    if subject.is_empty() {
        return Judgement::unsupported(
            "copy promises a dedicated staff member; psp.toml declares no [staff]",
            Vec::new(),
            None,
        );
    }
    let mut evidence = Vec::new();
    let mut reasons = Vec::new();
    for role in &subject {
        let name = staff_name(m, *role);
        let Some(staff) = m.staff.get(role) else {
            reasons.push(format!(
                "the program has no {name} ([staff.{}] is absent)",
                role.as_str()
            ));
            continue;
        };
        let key = |k: &str| format!("staff.{}.{k}", role.as_str());
        match &staff.assignment {
            Some(a) if a.value == Assignment::Dedicated => {}
            Some(a) => {
                evidence.push(m.cite(&key("assignment"), &a.span));
                reasons.push(format!(
                    "{name} are {}, not assigned to one patient",
                    a.value.as_str()
                ));
                continue;
            }
            None => {
                reasons.push(format!("psp.toml does not say how {name} are assigned"));
                continue;
            }
        }
        match &staff.caseload {
            Some(c) if c.value <= policy.dedicated_max_caseload => {
                return Judgement::supported(
                    format!("{name} are dedicated, {} patients each", c.value),
                    vec![
                        m.cite(
                            &key("assignment"),
                            &staff.assignment.as_ref().expect("checked above").span,
                        ),
                        m.cite(&key("caseload"), &c.span),
                    ],
                );
            }
            Some(c) => {
                evidence.push(m.cite(&key("caseload"), &c.span));
                reasons.push(format!(
                    "each of the {name} carries {} patients, more than the policy's dedicated_max_caseload of {}",
                    c.value, policy.dedicated_max_caseload
                ));
            }
            None => reasons.push(format!("psp.toml gives no caseload for {name}")),
        }
    }
    let team = subject
        .first()
        .map(|r| format!("a team of {}", staff_name(m, *r)))
        .filter(|_| m.staff.contains_key(&subject[0]));
    Judgement::unsupported(
        format!(
            "copy promises a dedicated staff member; {}",
            reasons.join("; ")
        ),
        evidence,
        team,
    )
}

pub fn role(role: &str, m: &Manifest) -> Judgement {
    let Some(role) = Role::from_name(role) else {
        return Judgement::unverifiable(format!("vouch does not know the role `{role}`"));
    };
    if let Some(staff) = m.staff.get(&role) {
        let evidence = match &staff.title {
            Some(t) => vec![m.cite(&format!("staff.{}.title", role.as_str()), &t.span)],
            None => vec![m.cite(&format!("staff.{}", role.as_str()), &staff.span)],
        };
        return Judgement::supported(
            format!("the program employs {}", staff_name(m, role)),
            evidence,
        );
    }
    // A role that staffs a channel exists even without its own [staff] table.
    for ch in m.channels.values() {
        if let Some(by) = &ch.staffed_by {
            if by.value.contains(&role) {
                return Judgement::supported(
                    format!(
                        "{} staff the {} channel",
                        staff_name(m, role),
                        ch.kind.as_str()
                    ),
                    vec![m.cite(
                        &format!("channels.{}.staffed_by", ch.kind.as_str()),
                        &by.span,
                    )],
                );
            }
        }
    }
    let employed: Vec<String> = m.staff.keys().map(|r| staff_name(m, *r)).collect();
    let suggestion = (!employed.is_empty()).then(|| super::join_and(&employed));
    Judgement::unsupported(
        format!(
            "copy promises {}; the program declares no [staff.{}]",
            staff_name(m, role),
            role.as_str()
        ),
        Vec::new(),
        suggestion,
    )
}

/// What a role may do: administering a drug or giving medical advice needs the role's
/// `scope` to say so; "part of your care team" is not for staff the manufacturer pays.
pub fn scope(activity: &str, frame: &Frame, m: &Manifest) -> Option<Judgement> {
    // Only a program role can overreach; "your doctor will give you your infusion" is fine.
    let role = frame.roles.iter().find_map(|r| Role::from_name(r))?;
    let name = staff_name(m, role);
    let Some(staff) = m.staff.get(&role) else {
        return Some(Judgement::unsupported(
            format!(
                "copy has {name} act for the patient; the program declares no [staff.{}]",
                role.as_str()
            ),
            Vec::new(),
            None,
        ));
    };
    let key = |k: &str| format!("staff.{}.{k}", role.as_str());
    if activity == "care_team" {
        return Some(match &staff.paid_by {
            Some(p) if p.value == "manufacturer" => Judgement::unsupported(
                format!("copy presents {name} as the patient's care team; they are paid by the manufacturer"),
                vec![m.cite(&key("paid_by"), &p.span)],
                Some(format!("{name} from the support program, who work alongside your care team")),
            ),
            Some(p) => Judgement::supported(format!("{name} are paid by {}", p.value), vec![m.cite(&key("paid_by"), &p.span)]),
            None => Judgement::unverifiable(format!("psp.toml does not say who pays {name} (paid_by)")),
        });
    }
    let needed: &[&str] = match activity {
        "administer" => &[
            "administration",
            "injection_administration",
            "infusion_administration",
            "administer",
        ],
        _ => &["medical_advice", "clinical_advice", "clinical"],
    };
    let what = if activity == "administer" {
        "administering the medicine"
    } else {
        "giving medical advice"
    };
    Some(match &staff.scope {
        Some(s) if s.value.iter().any(|x| needed.contains(&x.as_str())) => {
            Judgement::supported(format!("{name} may do this"), vec![m.cite(&key("scope"), &s.span)])
        }
        Some(s) => Judgement::unsupported(
            format!("copy has {name} {what}; their scope is {}", super::join_and(&s.value)),
            vec![m.cite(&key("scope"), &s.span)],
            Some(format!("{name} can answer questions and support you; your healthcare provider gives your treatment")),
        ),
        None => Judgement::unverifiable(format!("psp.toml does not declare what {name} may do (scope)")),
    })
}
