#!/usr/bin/env python3
"""Ground truth rows for the ClearSave (savings-card-only) evaluation set.

Each row names a file, the exact text of the span and, where the text occurs more than once,
which occurrence (1-based; whole-word matches only) or a unique `ctx` string that contains it.
build_expected.py computes byte offsets and line numbers, checks every row against the file
bytes and writes expected.json and the tables in EXPECTED.md.
"""
import json, os, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CLAIMS, NOT = [], []
_path = None

def file(p):
    global _path
    _path = p

FILE_NOTES = {}

def note(s):
    FILE_NOTES[_path] = s

def C(text, category, verdict, why, occ=None, suppressed=False, ctx=None):
    CLAIMS.append(dict(path=_path, text=text, category=category, verdict=verdict,
                       why=why, occ=occ, ctx=ctx, suppressed=suppressed))

def N(text, kind, why, occ=None, ctx=None):
    NOT.append(dict(path=_path, text=text, kind=kind, why=why, occ=occ, ctx=ctx))

PN = "`program.name = \"ClearSave\"`"
PHONE = "`channels.phone.number = \"1-866-555-7283\"`"
VANITY = "`channels.phone.vanity = \"1-866-555-SAVE\"`; keypad digits equal `channels.phone.number`"
HOURS = "`channels.phone.hours = \"Mon-Fri 09:00-18:00\"`, timezone America/Chicago"
WEB = "no built-in manifest key for web addresses"
DISC = "the document carries `cost.disclaimer`"

# ---------------------------------------------------------------- consumer/savings-page.html
file("copy/consumer/savings-page.html")
note('Audience consumer (glob). Brand web page: `<style>`, `<script>`, an HTML comment and `href` targets carry promise-like strings that are not copy; the page `<title>` and logo alt text are copy. The `$10` floor is broken across lines around a `<sup>*</sup>` marker.')
C("ClearSave", "contact", "supported", PN + " (page title; ™ glued to the name)", occ=1)
C("ClearSave", "contact", "supported", PN + " (logo alt text is copy)", occ=2)
C("ClearSave", "contact", "supported", PN, occ=3)
C("eligible commercially insured patients may pay as little as\n$10<sup>*</sup> a month", "cost", "qualified",
  "`cost.as_little_as = 10`, `per = \"month\"`; claim broken across lines; the `*` footnote carries `cost.disclaimer` and the MA/CA exclusion")
C("up to $9,500 per calendar year", "cost", "supported", "`cost.max_annual_benefit = 9500`")
C("a limit of $800 per prescription", "cost", "supported", "`cost.max_per_claim = 800`")
C("Activate your card online, any time of day", "channel", "supported", "`channels.portal.hours = \"24/7\"` (self-service; no person promised)")
C("ClearSave", "contact", "supported", PN, occ=4)
C("1-866-555-SAVE", "contact", "supported", VANITY)
C("1-866-555-7283", "contact", "supported", PHONE)
C("Mon.–Fri., 9 a.m.–6 p.m. CT", "availability", "supported", HOURS)
C("A Savings Specialist can explain how the card works with your insurance and check your balance.", "staff_role", "supported",
  "`[staff.access_specialist]` title Savings Specialist, scope includes savings_card_support")
C("We can run a benefits check for you", "service", "supported", "`[services.benefits_investigation]` declared")
C("get back to you within 3 business days", "timeliness", "supported", "`services.benefits_investigation.turnaround = \"3 business days\"`")
C("Chat live with our team right from this page.", "channel", "unsupported", "no `[channels.chat]`: an absent channel does not exist")
C("Maximum benefit of $9,500 per calendar year.", "cost", "supported", "`cost.max_annual_benefit = 9500`")
C("ClearSave", "contact", "supported", PN, occ=5)
C("ClearSaveCard.com", "contact", "unverifiable", WEB, occ=2)
N("content: \"Text us 24/7\"", "not copy", "inside `<style>`")
N("Live chat with a Savings Specialist anytime", "not copy", "inside `<script>`")
N("18665557283", "not copy", "`tel:` link target (`href`), not copy")
N("https://ClearSaveCard.com/activate", "not copy", "link target (`href`)")
N("Your Tavenzo could cost less than you think", "look-alike", "vague headline: no amount, unit or condition to check")
N("Not sure what your plan covers?", "hypothetical", "a question")
N("Check that you have commercial insurance.", "patient action", "what the patient must do, not a program commitment")
N("Ask your pharmacist to run the card with your prescription.", "patient action", "instruction to the patient")
N("Your pharmacy may need one or two business days to order Tavenzo.", "third party", "a pharmacy's timing, not the program's")
N("24/7 nurse hotline", "not copy", "inside an HTML comment")
N("We're committed to making Tavenzo affordable for the people who need it.", "look-alike", "mission statement: no amount, person or channel")
N("Offer not valid for residents of Massachusetts or California.", "restriction", "matches `cost.excluded_states`; narrows the offer")
N("This card is not health insurance.", "negated", "disclaimer")

# ---------------------------------------------------------------- consumer/card-terms.md
file("copy/consumer/card-terms.md")
note('Audience consumer (front matter and glob agree). Savings-card terms; front matter is not copy. One state carve-out line names only MA while the terms exclude MA and CA, and the help-line hours are written "8 AM – 5 PM Central, weekdays" against a 9-to-6 line.')
N("24/7 support line (removed in v3)", "not copy", "front matter")
C("ClearSave", "contact", "supported", PN + " (heading; first occurrence is front matter, not copy)", occ=2)
C("Pay as little as $10/mo for Tavenzo.", "cost", "qualified", "`cost.as_little_as = 10`, `per = \"month\"` (\"/mo\"); the `\\*` terms carry `cost.disclaimer`")
N("Keep this card with you and show it at the pharmacy with every prescription.", "patient action", "instruction to the patient")
C("Commercially insured patients may pay as little as $10 for each monthly supply of Tavenzo.", "cost", "qualified",
  "`cost.as_little_as = 10` per month, `eligible_insurance = [\"commercial\"]`; " + DISC)
C("ClearSave", "contact", "supported", PN, occ=3)
C("will pay up to $800 per claim toward your out-of-pocket cost", "cost", "supported", "`cost.max_per_claim = 800`")
C("up to 13 fills or $9,500 per calendar year, whichever comes first", "cost", "supported",
  "`cost.max_annual_benefit = 9500`; the 13-fill limit only narrows the cap, so the copy promises no more than the program pays")
N("After the annual maximum is reached, you will be responsible for the full out-of-pocket cost for the rest of the year.", "patient action", "what the patient pays after the cap; a limit, not a commitment")
C("Available to eligible patients in every state except Massachusetts.", "eligibility", "unsupported",
  "`cost.excluded_states = [\"MA\", \"CA\"]`: the line names only MA; the terms below contradict it rather than qualify it")
C("ClearSave", "contact", "supported", PN, occ=4)
C("1-866-555-7283", "contact", "supported", PHONE)
C("8 AM – 5 PM Central, weekdays", "availability", "unsupported", HOURS + ": the line opens at 9 and closes at 6, not 8 to 5")
C("Manage your card online", "channel", "supported", "`[channels.portal]` declared")
C("ClearSaveCard.com", "contact", "unverifiable", WEB)
C("available 24 hours a day", "availability", "supported", "`channels.portal.hours = \"24/7\"` (self-service portal; no person promised)")
N("Pharmacist: process as primary or secondary to the patient's commercial plan.", "instruction", "processing instruction to the pharmacist")
N("004682", "look-alike", "RxBIN, not a phone number or price")
N("CLRSV01", "look-alike", "RxGroup, not a contact")
N("Patients\nenrolled in Medicare, Medicaid, TRICARE, VA or any other federal or state health care program\nare not eligible.", "restriction", "matches `cost.eligible_insurance = [\"commercial\"]`")
N("The card is not valid for residents of Massachusetts or California.", "restriction", "matches `cost.excluded_states`")
N("Patient\nmust be 18 years of age or older.", "restriction", "a condition on the patient, not a program commitment")
N("This offer is not conditioned on any past, present or future\npurchase.", "negated", "anti-kickback boilerplate")
N("The patient is responsible for reporting receipt of program benefits to any insurer,\nif required.", "patient action", "what the patient must do")
N("may change or end this offer at any time without notice", "hedge", "reserves a right; promises nothing")
N("Offer expires 12/31/2027.", "restriction", "limits the offer in time")
N("This card is not health insurance.", "negated", "disclaimer")
C("ClearSave", "contact", "supported", PN, occ=5)

# ---------------------------------------------------------------- consumer/welcome-email.html
file("copy/consumer/welcome-email.html")
note('Audience consumer. Enrollment email: the subject (`<title>`) and hidden preheader are copy; the preheader misspells the program name. Curly apostrophes throughout.')
C("ClearSave", "contact", "supported", PN + " (subject line)", occ=1)
C("Clear Save", "contact", "unsupported", PN + " (one word); hidden preheader shows in the inbox")
C("ClearSave", "contact", "supported", PN, occ=2)
C("you could pay as little as $10 a month for Tavenzo.", "cost", "qualified", "`cost.as_little_as = 10` per month; footnote 1 carries `cost.disclaimer`")
N("RxBIN: 004682", "look-alike", "card processing identifier, not a contact or price")
N("Want to see how much is left on your card?", "hypothetical", "a question")
C("ClearSaveCard.com", "contact", "unverifiable", WEB)
C("check your remaining balance whenever it suits you", "availability", "supported", "`channels.portal.hours = \"24/7\"` (self-service)")
C("Your personal Savings Specialist", "dedicated_staff", "unsupported", "`staff.access_specialist.assignment = \"pooled\"`")
C("will reach out within one business day", "timeliness", "unverifiable", "the manifest declares no welcome-call commitment (`[commitments]` absent)")
C("to walk you through your benefits", "staff_role", "supported", "`staff.access_specialist.scope` includes benefits_investigation, savings_card_support")
N("Prefer to text?", "hypothetical", "a question")
C("ClearSave", "contact", "supported", PN, occ=3)
C("we’ll text you back", "channel", "unsupported", "no `[channels.sms]`: an absent channel does not exist")
C("1-866-555-7283", "contact", "supported", PHONE)
C("Monday through Friday, 9 AM to 6 PM Central", "availability", "supported", HOURS)
C("leave a message after hours and we’ll call you back the next business day", "availability", "unsupported",
  "`channels.phone.after_hours = \"none\"`: there is no voicemail to leave a message on")
N("mailto:help@clearsavecard.com", "not copy", "link target (`href`)")
C("You can also email", "channel", "unsupported", "no `[channels.email]`: an absent channel does not exist")
C("help@clearsavecard.com", "contact", "unverifiable", "no manifest key for an email address", occ=2)
C("we’ll reply within 24 hours", "timeliness", "unsupported", "no `[channels.email]`, so no `response_time` backs it")
C("ClearSave", "contact", "supported", PN + " (sign-off)", occ=4)
C("Maximum benefit of $9,500 per calendar year", "cost", "supported", "`cost.max_annual_benefit = 9500`")
C("$800 per claim", "cost", "supported", "`cost.max_per_claim = 800`")
N("Not valid in MA or CA.", "restriction", "matches `cost.excluded_states`")
C("ClearSave", "contact", "supported", PN, occ=5)

# ---------------------------------------------------------------- consumer/sms-scripts.txt
file("copy/consumer/sms-scripts.txt")
note('Audience consumer. SMS library and IVR prompts; the two header lines and the `==` section headings are internal, not sent. No `cost.disclaimer` anywhere in the file, so its cost claims are errors. ™ flattened to "TM".')
N("CLEARSAVE SMS + IVR LIBRARY (v2, for vendor build)", "not copy (header)", "internal library header")
N("== Outbound SMS ==", "not copy (header)", "section heading of the internal library, not sent")
N("== IVR (phone tree) ==", "not copy (header)", "section heading of the internal library, not spoken")
N("Sender: ClearSave. Channel: carrier SMS via vendor, outbound only.", "not copy (header)", "internal header for the vendor, not sent to patients")
C("ClearSave", "contact", "supported", PN + " (™ flattened to \"TM\" and glued to the name)", ctx="ClearSaveTM: Your")
C("Pay as little as $10/month at the pharmacy.", "cost", "unsupported",
  "no `cost.disclaimer` anywhere in the file and no commercial-only limit (`cost.eligible_insurance = [\"commercial\"]`)")
N("Reply STOP to opt out.", "look-alike", "carrier-mandated keyword; not inbound support")
C("ClearSave", "contact", "supported", PN, ctx="ClearSave: Refill time?")
N("Show your card at the pharmacy so your savings apply.", "patient action", "instruction to the patient")
C("Text us back 24/7.", "channel", "unsupported", "no `[channels.sms]` (the library header itself says outbound only, and the manifest has no SMS at all)")
C("ClearSave", "contact", "supported", PN, ctx="ClearSave: You've used")
N("$8,200", "look-alike", "the patient's used balance, not a price or cap")
C("1-866-555-SAVE", "contact", "supported", VANITY)
C("ClearSave", "contact", "supported", PN, ctx="ClearSave: Tavenzo for $0")
C("Tavenzo for $0 this month with your copay card!", "cost", "unsupported", "`cost.as_little_as = 10`: the floor is $10 a month, not $0; no `cost.disclaimer` in the file")
C("ClearSaveCard.com", "contact", "unverifiable", WEB)
C("ClearSave", "contact", "supported", PN, ctx="ClearSave: Your insurance")
N("Your insurance may require a new prior authorization in January. Ask your doctor's office.", "third party", "the insurer's requirement; sends the reader to the doctor's office")
C("ClearSave", "contact", "supported", PN, ctx="calling ClearSave, the")
C("Para español, oprima dos.", "language", "unsupported", "`languages.supported = [\"en\"]`, `interpreters = false`: a Spanish menu option promises Spanish service")
C("To speak with a Savings Specialist, press 0.", "channel", "supported", "`channels.phone.staffed_by = [\"access_specialist\"]`")
C("Our specialists are available Monday through Friday, 9 AM to 6 PM Central time.", "availability", "supported", HOURS)
N("we are unable to take messages", "negated", "consistent with `after_hours = \"none\"`; promises nothing")
N("If this is a medical emergency, hang up and dial 911.", "hypothetical", "sends the caller elsewhere")

# ---------------------------------------------------------------- consumer/faq.md
file("copy/consumer/faq.md")
note('Audience consumer. Many questions are hypothetical and many answers negations. "There are no income requirements.†" carries a footnote that contradicts it.')
C("ClearSave", "contact", "supported", PN + " (in a question; the name is still spelled by the copy)", occ=1)
C("ClearSave", "contact", "supported", PN, occ=2)
C("It helps people with commercial insurance lower what they pay at the pharmacy.", "eligibility", "supported", "`cost.eligible_insurance = [\"commercial\"]`")
N("It isn't a nurse line, and it doesn't replace your doctor or pharmacist.", "negated", "disclaims a nurse channel; consistent with no `[staff.nurse]`")
C("Most people with commercial insurance pay as little as $10 per month.", "cost", "qualified", "`cost.as_little_as = 10` per month; the `*` footnote carries `cost.disclaimer`")
N("Your exact cost depends on your plan.", "hedge", "not a commitment")
C("The card pays up to $9,500 per calendar year", "cost", "supported", "`cost.max_annual_benefit = 9500`")
C("up to $800 on any single prescription", "cost", "supported", "`cost.max_per_claim = 800`")
N("Can I use the card if I have Medicare?", "hypothetical", "a question")
C("ClearSave", "contact", "supported", PN, occ=3)
N("can't be used by anyone whose prescription is paid for in part by Medicare, Medicaid or another government program.", "negated", "restriction matching `cost.eligible_insurance`")
N("What if I don't have insurance?", "hypothetical", "a question")
C("ClearSave", "contact", "supported", PN, occ=4)
N("can't cover Tavenzo for people without insurance.", "negated", "restriction")
N("Ask your doctor about other options.", "referral", "sends the reader to the doctor")
N("Do I need to meet income requirements?", "hypothetical", "a question")
C("There are no income requirements.", "eligibility", "unsupported",
  "the † footnote contradicts the headline (income above 500% FPL is excluded); fine print that contradicts is not a qualifier")
C("ClearSave", "contact", "supported", PN, occ=5)
N("available 24/7?", "hypothetical", "a question (\"Is ClearSave available 24/7?\")")
N("The phone line isn't open 24/7.", "negated", "contains \"24/7\" but denies it")
C("You can reach a Savings Specialist Mon–Fri, 9am–6pm CT.", "availability", "supported", HOURS)
C("The online portal is open around the clock for activating your card or checking your balance.", "availability", "supported",
  "`channels.portal.hours = \"24/7\"` (self-service; no person promised)")
N("Will I talk to the same person every time?", "hypothetical", "a question")
N("Calls go to whichever Savings Specialist is free, and any of them can pull up your account.", "look-alike", "describes pooling (`assignment = \"pooled\"`); no dedicated promise")
N("Can you help if my insurance won't cover Tavenzo?", "hypothetical", "a question")
C("A Savings Specialist can look into your coverage and tell you what your plan requires", "staff_role", "supported",
  "`staff.access_specialist.scope` includes benefits_investigation")
C("usually within 3 business days", "timeliness", "supported", "`services.benefits_investigation.turnaround = \"3 business days\"` (the hedge softens, does not cancel)")
C("ClearSave", "contact", "supported", PN, occ=6)
N("doesn't file prior authorizations or appeals", "negated", "disclaims services the manifest does not declare")
N("your doctor's office handles those.", "third party", "the prescriber's task")
N("Do you offer help in Spanish?", "hypothetical", "a question")
C("Support is available in English.", "language", "supported", "`languages.supported = [\"en\"]`")
N("Can I text or chat with you?", "hypothetical", "a question")
N("Not at this time.", "negated", "denies text and chat")
C("1-866-555-7283", "contact", "supported", PHONE)
N("Not valid for residents of MA or CA.", "restriction", "matches `cost.excluded_states`")
N("Patients with household income above 500% of the federal poverty level are not eligible.", "restriction", "an income cap, not a price; it is the footnote that contradicts the headline")

# ---------------------------------------------------------------- es/ahorros.html
file("copy/es/ahorros.html")
note('Audience consumer (glob `copy/es/**`). Spanish-language page; the legal line quotes the manifest disclaimer in English.')
C("ClearSave", "contact", "supported", PN + " (page title)", occ=1)
N("Tavenzo a su alcance", "look-alike", "headline with nothing checkable")
C("ClearSave", "contact", "supported", PN, occ=2)
C("los pacientes elegibles con seguro comercial pueden pagar tan solo $10 al mes por Tavenzo.", "cost", "qualified",
  "`cost.as_little_as = 10`, `per = \"month\"` (\"al mes\"); the `*` note carries `cost.disclaimer` (in English)")
C("La tarjeta cubre hasta $9,500 por año calendario.", "cost", "supported", "`cost.max_annual_benefit = 9500`")
N("¿No tiene seguro?", "hypothetical", "a question")
C("Obtenga Tavenzo sin costo a través de nuestro programa de asistencia.", "service", "unsupported",
  "no `[services.patient_assistance]`; the card itself is commercial-only with a $10 floor")
N("Estamos aquí para ayudarle", "look-alike", "puffery: no channel, hours or person")
C("Hablamos español.", "language", "unsupported", "`languages.supported = [\"en\"]`, `interpreters = false`")
C("Nuestro equipo está disponible las 24 horas, los 7 días de la semana.", "availability", "unsupported",
  HOURS + ", `after_hours = \"none\"`")
C("1-866-555-7283", "contact", "supported", PHONE)
C("de lunes a viernes, de 9 a.m. a 6 p.m. hora del Centro", "availability", "supported", HOURS)
C("Un Especialista en Ahorros puede revisar su cobertura y explicarle sus beneficios", "staff_role", "supported",
  "`[staff.access_specialist]` (Savings Specialist), scope benefits_investigation, savings_card_support")
C("sin costo para usted", "cost", "unverifiable",
  "says the coverage review is free; the manifest declares no fee either way (not a price of Tavenzo, so not against `cost.as_little_as`)")
C("Inscríbase en línea", "channel", "supported", "`[channels.portal]` declared")
C("ClearSaveCard.com", "contact", "unverifiable", WEB)
C("en cualquier momento", "availability", "supported", "`channels.portal.hours = \"24/7\"` (self-service)")
N("Si tiene preguntas sobre los efectos secundarios, hable con su médico.", "hypothetical", "sends the reader to the doctor")
N("Su farmacia puede tardar unos días en surtir su receta.", "third party", "the pharmacy's timing")
N("No válido para residentes de Massachusetts o California.", "restriction", "matches `cost.excluded_states`")
N("Esta tarjeta no es un seguro médico.", "negated", "disclaimer")

# ---------------------------------------------------------------- hcp/pharmacist-processing-guide.txt
file("copy/hcp/pharmacist-processing-guide.txt")
note("Audience hcp. Pharmacy processing guide: BIN/PCN/Group, NCPDP reject codes and the claims processor's 24/7 help desk are processing details for the pharmacy, not ClearSave promises. A sentence is broken across an indented line.")
C("ClearSave", "contact", "supported", PN + " (™ glued)", occ=1)
N("For pharmacists and pharmacy staff.", "look-alike", "names the guide's readers; no pharmacist role of the program is offered")
N("004682", "look-alike", "RxBIN, not a phone number or price")
N("CLRSV01", "look-alike", "RxGroup, not a contact")
N("printed on the patient's card (11 digits)", "look-alike", "a field format, not a number to call")
N("Bill the patient's primary commercial plan first.", "instruction", "what the pharmacy must do")
N("Submit the remaining balance as a secondary claim using the BIN, PCN and Group above.", "instruction", "what the pharmacy must do")
C("ClearSave", "contact", "supported", PN, occ=2)
C("pays up to $800 per claim", "cost", "supported", "`cost.max_per_claim = 800`")
C("the patient pays the rest, but not less than $10 for a 30-day supply", "cost", "qualified",
  "`cost.as_little_as = 10`, `per = \"month\"` (a 30-day supply); " + DISC)
N("Do not submit claims for patients covered by Medicare Part D, Medicaid or any other government program.", "restriction", "matches `cost.eligible_insurance`")
N("Claims for patients with a California or Massachusetts address will reject with NCPDP code 70.", "restriction", "matches `cost.excluded_states`")
N("Processor help desk (claims rejections, overrides): 1-800-555-0199, available 24/7.", "third party",
  "the claims processor's help desk and its hours, for the pharmacy; not a ClearSave channel and not a wrong `channels.phone.number`")
C("$9,500 annual maximum", "cost", "supported", "`cost.max_annual_benefit = 9500`")
N("Pharmacy network questions: contact your PBM or switch vendor.", "third party", "sends the pharmacy to its PBM or switch vendor")
C("ClearSave", "contact", "supported", PN, occ=3)
C("1-866-555-SAVE", "contact", "supported", VANITY)
C("1-866-555-7283", "contact", "supported", PHONE)
C("9 AM – 6 PM CT, Monday–Friday", "availability", "supported", HOURS + " (times before days)")
C("A Savings Specialist can\n  re-send a card, confirm enrollment and look up remaining benefits while the patient waits.", "staff_role", "supported",
  "`staff.access_specialist.scope` includes savings_card_support; sentence broken across lines")
C("Patients can also activate a card or print a replacement", "channel", "supported", "`[channels.portal]` declared")
C("ClearSaveCard.com", "contact", "unverifiable", WEB)
C("24/7", "availability", "supported", "`channels.portal.hours = \"24/7\"` (self-service portal)", ctx="ClearSaveCard.com, 24/7")
N("This guide does not constitute billing or coding advice.", "negated", "disclaimer")

# ---------------------------------------------------------------- consumer/brochure.md
file("copy/consumer/brochure.md")
note('Audience consumer. Efficacy and safety statements are out of scope and are not promises. A patient testimonial in curly quotes. `1-866-555-PAVE` is not the declared vanity but dials the same digits.')
N("Living with chronic migraine shouldn't cost you more than it has to", "look-alike", "headline with no amount or condition")
N("Tavenzo is a once-daily tablet to help prevent migraine in adults.", "efficacy", "indication statement: the drug's claim, out of scope for vouch")
N("In clinical studies, people taking Tavenzo had 4.1 fewer migraine days per month on average, compared with 2.3 fewer days on placebo.",
  "efficacy", "clinical result; \"per month\" is not a price unit here")
N("Many people noticed a difference within the first month.", "efficacy", "onset of effect, not a program turnaround")
N("Tavenzo may cause nausea, tiredness and constipation.", "safety", "side-effect statement, out of scope")
C("ClearSave", "contact", "supported", PN + " (™ glued)", occ=1)
C("you may pay as little as $10 a month for your Tavenzo prescription.", "cost", "qualified", "`cost.as_little_as = 10` per month; footnote ¹ carries `cost.disclaimer`")
C("That's the same low copay whether you fill at a retail pharmacy or by mail order.", "cost", "unverifiable",
  "the manifest says nothing about which pharmacies or fulfilment channels the floor applies to")
N("The card is accepted at most retail pharmacies.", "third party", "about pharmacies' acceptance, hedged with \"most\"")
C("No income requirements", "eligibility", "supported",
  "`[cost]` limits eligibility by insurance and state only; no income test is declared for the card (footnote ¹ is the disclaimer and does not contradict it)")
C("Savings of up to $9,500 per calendar year", "cost", "supported", "`cost.max_annual_benefit = 9500`")
C("Works even with Medicare", "eligibility", "unsupported", "`cost.eligible_insurance = [\"commercial\"]`; the footnote itself excludes government insurance")
C("Help in more than 150 languages through our interpreter service", "language", "unsupported", "`languages.interpreters = false`, `supported = [\"en\"]`")
N("Real people, real help", "look-alike", "puffery")
N("“I called on my lunch break and a Savings Specialist had my card working before I got back to my desk.”", "testimonial",
  "a patient's experience in curly quotes, not a program commitment")
C("1-866-555-PAVE", "contact", "supported", "not the declared vanity, but P-A-V-E dials 7-2-8-3 like S-A-V-E: keypad digits equal `channels.phone.number`")
C("to talk with a Savings Specialist about your coverage", "staff_role", "supported", "`staff.access_specialist.scope` includes benefits_investigation")
C("Mon.–Fri., 9 a.m.–6 p.m. CT", "availability", "supported", HOURS)
C("Our Savings Specialists can also answer your questions about side effects and how to take Tavenzo.", "staff_role", "unsupported",
  "`staff.access_specialist.scope = [\"benefits_investigation\", \"savings_card_support\"]`: no education or clinical scope, and no nurse role")
C("ClearSave", "contact", "supported", PN, occ=2)
C("care team is with you every step of the way", "staff_role", "unsupported",
  "presents a pooled, manufacturer-run savings help line as the patient's care team; no clinical role is declared")
C("Join the more than 40,000 patients already saving on Tavenzo.", "capacity", "unverifiable", "no `[capacity]` in the manifest")
C("Maximum benefit $9,500 per calendar year", "cost", "supported", "`cost.max_annual_benefit = 9500`")
C("up to $800 per prescription", "cost", "supported", "`cost.max_per_claim = 800`")
N("Not available in Massachusetts or California.", "restriction", "matches `cost.excluded_states`")
N("Do not take Tavenzo if you are allergic to tavorelin.", "safety", "Important Safety Information, out of scope")
N("Talk to your doctor if you are pregnant or plan to become pregnant.", "hypothetical", "sends the reader to the doctor")

# ---------------------------------------------------------------- hcp/office-flashcard.md
file("copy/hcp/office-flashcard.md")
note('Audience hcp (front matter and glob agree). One line is suppressed with a reason; a fenced code block is not copy. Hours in Eastern time that equal the Central-time manifest hours.')
N("drafted with 'free trial offer' — removed", "not copy", "front matter")
C("ClearSave", "contact", "supported", PN, occ=1)
C("patients with commercial insurance", "eligibility", "supported", "`cost.eligible_insurance = [\"commercial\"]`")
C("including those whose plans don't cover Tavenzo yet", "eligibility", "unverifiable",
  "the manifest says nothing about whether the card pays when the plan does not cover Tavenzo")
C("as little as $10 per month", "cost", "qualified", "`cost.as_little_as = 10` per month; the `\\*` note carries `cost.disclaimer`")
C("up to an annual maximum of $9,500", "cost", "supported", "`cost.max_annual_benefit = 9500`")
C("$800", "cost", "supported", "`cost.max_per_claim = 800`", ctx="cap:** $800")
C("ClearSave", "contact", "supported", PN, occ=2)
C("Benefits verification", "service", "supported", "`[services.benefits_investigation]` declared")
C("results within 72 hours of receiving a complete request", "timeliness", "unsupported",
  "`services.benefits_investigation.turnaround = \"3 business days\"`: 72 calendar hours is not kept by 3 business days over a weekend")
C("Prior authorization support from our reimbursement team", "service", "unsupported", "no `[services.prior_authorization]` and no `[staff.reimbursement_manager]`")
C("Free Tavenzo while a coverage decision is pending", "service", "unsupported", "no `[services.bridge]`")
C("A single point of contact for your office, start to finish", "dedicated_staff", "unsupported", "`staff.access_specialist.assignment = \"pooled\"`")
C("ClearSave", "contact", "supported", PN, occ=3)
N("does not provide clinical support or product samples.", "negated", "disclaims services")
C("1-866-555-SAFE", "contact", "unsupported", "keypad digits 1-866-555-7233 differ from `channels.phone.number = \"1-866-555-7283\"` (SAFE, not SAVE)")
C("10 AM–7 PM ET, Monday–Friday", "availability", "supported", HOURS + ": 10 AM–7 PM Eastern is 9 AM–6 PM Central")
C("Fax enrollment forms to 1-866-555-0140", "contact", "unverifiable", "a fax number; the manifest has no fax key. Not a wrong `channels.phone.number`")
C("Provider portal: enroll patients and track card status online", "channel", "supported", "`[channels.portal]` declared")
C("ClearSaveCard.com/hcp", "contact", "unverifiable", WEB)
N("vouch-ignore eligibility.states", "not copy", "HTML comment (the suppression directive itself)")
C("Patients in all 50 states can use the card.", "eligibility", "unsupported",
  "`cost.excluded_states = [\"MA\", \"CA\"]` (the footnote contradicts it); covered by `vouch-ignore eligibility.states` with a reason, so `vouch check` must not report it",
  suppressed=True)
N("Internal build note: CTA \"Call 24/7\" button retired.", "not copy", "inside a fenced code block")
N("Excludes MA and CA residents.", "restriction", "matches `cost.excluded_states`")

# ---------------------------------------------------------------- hcp/rep-email.html
file("copy/hcp/rep-email.html")
note('Audience hcp. Representative-triggered email; the subject line (`<title>`) is copy.')
C("ClearSave", "contact", "supported", PN + " (subject line)", occ=1)
C("ClearSave", "contact", "supported", PN, occ=2)
C("Eligible patients pay as little as $10 per month", "cost", "qualified", "`cost.as_little_as = 10` per month; the `†` note carries `cost.disclaimer`")
C("up to $9,500 in annual savings", "cost", "supported", "`cost.max_annual_benefit = 9500`")
C("up to $800 per fill", "cost", "supported", "`cost.max_per_claim = 800` (a claim is a fill)")
C("Our team checks each patient's coverage", "service", "supported", "`[services.benefits_investigation]` declared")
C("reports back within 3 business days", "timeliness", "supported", "`services.benefits_investigation.turnaround = \"3 business days\"`")
C("Savings Specialists are on the phone Mon–Fri 9–6 Central", "availability", "supported", HOURS + " (bare hours, zone spelled out)")
C("to help your staff with card activation and claims questions", "staff_role", "supported", "`staff.access_specialist.scope` includes savings_card_support")
C("Patients can get help by phone around the clock.", "availability", "unsupported", HOURS + ", `after_hours = \"none\"`")
C("Every patient can enroll, regardless of insurance type.", "eligibility", "unsupported", "`cost.eligible_insurance = [\"commercial\"]`")
N("Many offices find that their staff spends less time on the phone with payers once patients are enrolled.", "look-alike", "anecdotal benefit to offices; nothing the program commits to")
N("Results will vary by practice.", "hedge", "not a commitment")
N("If you'd like a lunch in-service for your staff, just reply to this email and I'll set it up.", "hypothetical", "the representative's personal offer under a condition, not a program channel")
C("1 (866) 555-7283", "contact", "supported", PHONE + " (formatted with brackets)")
N("Not valid in MA or CA.", "restriction", "matches `cost.excluded_states`")

# ---------------------------------------------------------------- consumer/refill-reminder-email.txt
file("copy/consumer/refill-reminder-email.txt")
note('Audience consumer. Plain-text email with `Subject:` and `Preheader:` lines (both copy).')
C("ClearSave", "contact", "supported", PN + " (subject line)", occ=1)
C("Keep paying as little as $10/mo on Tavenzo", "cost", "qualified", "`cost.as_little_as = 10` per month (preheader is copy); the `*` note carries `cost.disclaimer`")
C("ClearSave", "contact", "supported", PN, occ=2)
C("Your card renews automatically every January 1 — no need to re-enroll.", "service", "unverifiable", "the manifest says nothing about renewal or re-enrollment")
N("Switching insurance plans?", "hypothetical", "a question")
N("Your card works at any pharmacy that accepts\n    commercial prescription savings cards.", "third party", "conditional on the pharmacy's acceptance")
C("Mon.–Fri., 9 a.m.–6 p.m. CT", "availability", "supported", HOURS)
C("1-866-555-SAVE", "contact", "supported", VANITY)
N("We don't have a weekend line", "negated", "consistent with `channels.phone.hours`; promises nothing")
N("if\nsomething comes up on Saturday, your pharmacist is a great first stop.", "hypothetical", "sends the reader to the pharmacist")
C("ClearSave", "contact", "supported", PN, occ=3)
C("Savings Specialist can also check your remaining balance for you over the phone.", "staff_role", "supported", "`staff.access_specialist.scope` includes savings_card_support", occ=1)
C("Your Savings Specialist", "dedicated_staff", "unsupported", "possessive of a named role implies assignment; `staff.access_specialist.assignment = \"pooled\"`")
C("will text you before every refill", "channel", "unsupported", "no `[channels.sms]` and no `[services.adherence_reminders]`")
C("ClearSave", "contact", "supported", PN, occ=4)
C("Up to $9,500 per calendar year.", "cost", "supported", "`cost.max_annual_benefit = 9500`")
N("Not valid in MA or CA.", "restriction", "matches `cost.excluded_states`")
N("To stop receiving these emails, reply UNSUBSCRIBE.", "look-alike", "an unsubscribe keyword, not an email support channel")

# ---------------------------------------------------------------- consumer/social-posts.txt
file("copy/consumer/social-posts.txt")
note("Audience consumer. One caption per bullet; the first line is an internal header. Each caption stands alone, but the file is one document, so the disclaimer in the second caption covers the file's cost claims.")
N("ClearSave social captions, Q1 2027 (draft for MLR)", "not copy (header)", "internal header")
N("Copay stress? We've got you.", "look-alike", "puffery: no channel, hours or amount")
C("1-866-555-SAVE", "contact", "supported", VANITY)
C("weekdays 7 AM–4 PM PT", "availability", "supported", HOURS + ": 7 AM–4 PM Pacific is 9 AM–6 PM Central")
C("pay as little as $10 a month on Tavenzo", "cost", "qualified", "`cost.as_little_as = 10` per month; the caption carries `cost.disclaimer`")
C("ClearSave", "contact", "supported", PN, occ=2)
N("Card questions on a Saturday?", "hypothetical", "a question")
C("Our Savings Specialists are here Monday–Saturday.", "availability", "unsupported", HOURS + ": no Saturday hours")
C("Savings help whenever you need us.", "availability", "unsupported",
  HOURS + ", `after_hours = \"none\"`; \"us\" promises people, which the 24/7 self-service portal does not keep")
C("We answer every call within 60 seconds.", "timeliness", "unverifiable", "the manifest declares no answer-speed commitment")
C("Multilingual support for every patient.", "language", "unsupported", "`languages.supported = [\"en\"]`, `interpreters = false`")
C("Get paired with your own Savings Specialist who knows your plan inside and out.", "dedicated_staff", "unsupported",
  "`staff.access_specialist.assignment = \"pooled\"`")
C("Same-day benefits checks, so you know your cost before you leave the doctor's office.", "timeliness", "unsupported",
  "`services.benefits_investigation.turnaround = \"3 business days\"`")
N("Most commercial plans put Tavenzo on a specialty tier. Your plan decides your copay before the card kicks in.", "third party", "about insurers' formularies, not the program")
N("\"The card saved me a fortune.\"", "testimonial", "a member's experience, not a program commitment")
C("ClearSave", "contact", "supported", PN, occ=3)
N("Individual savings vary.", "hedge", "not a commitment")

# ---------------------------------------------------------------- late additions (review pass)
file("copy/consumer/savings-page.html")
N("Keep your card for every refill.", "patient action", "instruction to the patient")
