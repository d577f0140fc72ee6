"""Builds the labelled story pairs (src/test/resources/dedupe/story-pairs.jsonl) from the hand-written
articles beside this script. Usage: python3 src/test/story-pairs/build.py src/test/resources/dedupe/story-pairs.jsonl
See docs/dedupe.md."""
import hashlib, json, random, re, sys
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(11)

def parse_articles(name):
    out = {}
    for block in (HERE / name).read_text().split("=== ")[1:]:
        head, _, rest = block.partition("\n")
        aid, lang, outlet, title = [p.strip() for p in head.split("|", 3)]
        paras = [p.strip().replace("\n", " ") for p in rest.strip().split("\n\n") if p.strip()]
        out[aid] = dict(id=aid, lang=lang, outlet=outlet, title=title, paras=paras)
    return out

base = {}
for f in ["en.txt", "ru.txt", "uk.txt", "other.txt"]:
    base.update(parse_articles(f))
indep = parse_articles("indep.txt")
trans = parse_articles("trans.txt")
alt = {l.split("|")[0].strip(): l.split("|", 1)[1].strip() for l in (HERE / "alt_titles.txt").read_text().splitlines() if l.strip()}

SITE = {"en": "Radio Free Europe/Radio Liberty", "ru": "Радио Свобода", "uk": "Радіо Свобода", "de": "Deutsche Welle",
        "pl": "Radio Wolna Europa", "ro": "Europa Liberă", "cs": "Svobodná Evropa", "sr": "Radio Slobodna Evropa", "fr": "RFI"}
CREDITS = {
    "en": ["This article was originally published by Radio Free Europe/Radio Liberty and is reprinted with permission.",
           "Copyright (c) 2026. RFE/RL, Inc. Used with the permission of Radio Free Europe/Radio Liberty, 1201 Connecticut Ave NW, Ste 400, Washington DC 20036.",
           "This post was originally published on Radio Free. Reprinted with permission.",
           "Originally published by RFE/RL. Republished under a Creative Commons license.",
           "Source: RFE/RL"],
    "ru": ["Первоначально опубликовано на сайте Радио Свобода.",
           "Материал впервые опубликован Радио Свобода. Перепечатано с разрешения редакции.",
           "Источник: Радио Свобода",
           "Статья первоначально опубликована на сайте Радио Свобода. Перепечатывается с разрешения."],
    "uk": ["Матеріал вперше опублікований на сайті Радіо Свобода.",
           "Передруковано з дозволу Радіо Свобода.",
           "Джерело: Радіо Свобода"],
    "de": ["Dieser Artikel erschien zuerst bei der Deutschen Welle. Nachdruck mit freundlicher Genehmigung."],
    "pl": ["Artykuł ukazał się pierwotnie na stronie Radia Wolna Europa. Przedruk za zgodą redakcji."],
    "ro": ["Articol preluat de la Europa Liberă Moldova, cu acordul redacției."],
    "cs": ["Článek původně vyšel na webu Svobodné Evropy. Přetištěno se svolením."],
    "sr": ["Tekst je prvobitno objavljen na sajtu Radija Slobodna Evropa. Preneto uz dozvolu."],
    "fr": ["Cet article a été initialement publié par RFI. Reproduit avec autorisation."],
}
PREPEND = {
    "en": ["Editor's note: This story was first published by RFE/RL.", "The following article was originally published by Radio Free Europe/Radio Liberty."],
    "ru": ["Этот материал впервые опубликован Радио Свобода.", "Публикуем материал наших коллег с Радио Свобода."],
    "uk": ["Цей матеріал вперше опублікувало Радіо Свобода.", "Публікуємо матеріал наших колег з Радіо Свобода."],
}
FOLLOW = {
    "en": ["Follow us on Telegram and X for the latest updates.", "Support independent journalism: donate today.",
           "Have a news tip? Write to us at tips@newsdesk.example.", "Share this article: Facebook | X | Telegram | Email"],
    "ru": ["Подписывайтесь на наш телеграм-канал, чтобы не пропустить важное.", "Поддержите независимую журналистику.",
           "Поделиться: ВКонтакте | Telegram | WhatsApp"],
    "uk": ["Підписуйтеся на наш канал у Telegram.", "Підтримайте незалежну журналістику.", "Поділитися: Facebook | Telegram"],
    "de": ["Folgen Sie uns auf Instagram und WhatsApp."], "pl": ["Obserwuj nas w mediach społecznościowych."],
    "ro": ["Urmăriți-ne pe Telegram și Facebook."], "cs": ["Sledujte nás na sociálních sítích."],
    "sr": ["Pratite nas na Telegramu i Instagramu."], "fr": ["Suivez-nous sur les réseaux sociaux."],
}
RELATED = {"en": "Related: ", "ru": "Читайте также: ", "uk": "Читайте також: ", "de": "Lesen Sie auch: ", "pl": "Czytaj także: ",
           "ro": "Citește și: ", "cs": "Čtěte také: ", "sr": "Pročitajte i: ", "fr": "À lire aussi : "}
PHOTO = {"en": "Photo: Reuters", "ru": "Фото: ТАСС", "uk": "Фото: Укрінформ", "de": "Foto: dpa", "pl": "Fot. PAP",
         "ro": "Foto: Europa Liberă", "cs": "Foto: ČTK", "sr": "Foto: Beta", "fr": "Photo : AFP"}
DATELINE = {"en": ["KYIV --", "PRAGUE (RFE/RL) --", "(RFE/RL) --"], "ru": ["МОСКВА. —", "(Радио Свобода) —"], "uk": ["КИЇВ. —"],
            "de": ["BERLIN (dpa) -"], "pl": ["WARSZAWA (PAP) -"], "ro": ["CHIȘINĂU -"], "cs": ["PRAHA -"], "sr": ["BEOGRAD -"], "fr": ["TBILISSI -"]}
EDITS = {"en": [("said", "stated"), ("percent", "%"), ("U.S.", "US"), ('"', "'"), ("people", "persons")],
         "ru": [("заявил", "сообщил"), ("процента", "%"), ("«", '"'), ("»", '"'), ("–", "-")],
         "uk": [("повідомив", "розповів"), ("«", '"'), ("»", '"'), ("—", "-")],
         "de": [("sagte", "erklärte"), ("„", '"')], "pl": [("powiedział", "stwierdził")], "ro": [("a declarat", "a spus")],
         "cs": [("řekl", "uvedl")], "sr": [("rekao", "izjavio")], "fr": [("a déclaré", "a dit")]}

SENT = re.compile(r"(?<=[.!?»\"])\s+(?=[A-ZА-ЯЁІЇЄҐÄÖÜŁŚŻČŠŽ«\"])")

def sentences(par):
    return SENT.split(par)

def body(paras):
    return "\n".join(paras)

def credit(lang, k=None):
    opts = CREDITS.get(lang, CREDITS["en"])
    return opts[rng.randrange(len(opts))] if k is None else opts[k % len(opts)]

def wp_footer(title, site):
    return f"The post {title} appeared first on {site}."

LOCAL_HEADLINES = {"de": "Wohngeld steigt im kommenden Jahr", "pl": "Nowe pociągi na linii do Zakopanego", "ro": "Prețul gazului scade din martie",
                   "cs": "Metro D bude mít zpoždění", "sr": "Novi zakon o visokom obrazovanju", "fr": "Manifestations en Serbie"}

def other_title(a):
    pool = [x for x in base.values() if x["lang"] == a["lang"] and x["id"] != a["id"]]
    return rng.choice(pool)["title"] if pool else LOCAL_HEADLINES[a["lang"]]

def copyedit(paras, lang, n=2):
    edits = EDITS.get(lang, [])
    out = list(paras)
    for old, new in rng.sample(edits, min(n, len(edits))):
        out = [p.replace(old, new) for p in out]
    return out

def side(title, paras, outlet, lang):
    return dict(title=title, body=body(paras), outlet=outlet, lang=lang)

def recipe(a, name):
    """A republished copy of article a, made the way aggregators and partner sites do it."""
    L, paras, t = a["lang"], a["paras"], a["title"]
    follow = FOLLOW.get(L, FOLLOW["en"])
    if name == "credit-appended":
        return side(t, paras + [credit(L)], "partner", L), a
    if name == "credit-prepended-new-headline":
        pre = PREPEND.get(L, [credit(L)])
        return side(alt[a["id"]], [rng.choice(pre)] + paras, "partner", L), a
    if name == "wordpress-footer":
        return side(t, paras + [wp_footer(t, SITE.get(L, "RFE/RL")), rng.choice(follow)], "aggregator", L), a
    if name == "summary-cut":
        first = sentences(paras[0])
        return side(alt[a["id"]] if rng.random() < 0.5 else t, [" ".join(first[:2])], "aggregator", L), a
    if name == "lead-only":
        return side(t, [paras[0]], "aggregator", L), a
    if name == "extended":
        # the original feed carries only its lead; the partner runs the whole article with extras
        orig = dict(a, paras=[paras[0]])
        return side(t, paras + [RELATED[L] + other_title(a), credit(L)], "partner", L), orig
    if name == "dateline-copyedit-cut-tail":
        edited = copyedit(paras, L)
        edited[0] = rng.choice(DATELINE[L]) + " " + edited[0]
        return side(t, edited[:-1] + [credit(L)], "partner", L), a
    if name == "related-and-photo":
        mid = len(paras) // 2
        return side(t, [PHOTO[L]] + paras[:mid] + [RELATED[L] + other_title(a)] + paras[mid:] + [rng.choice(follow)], "aggregator", L), a
    if name == "new-headline-typography":
        return side(alt[a["id"]], copyedit(paras, L, 3), "partner", L), a
    if name == "heavy":
        edited = copyedit(paras, L)
        edited[0] = rng.choice(DATELINE[L]) + " " + edited[0]
        mid = max(1, len(edited) // 2)
        parts = [PHOTO[L]] + edited[:mid] + [RELATED[L] + other_title(a)] + edited[mid:-1] + [credit(L), rng.choice(follow)]
        return side(alt[a["id"]], parts, "aggregator", L), a
    raise ValueError(name)

RECIPES = ["credit-appended", "credit-prepended-new-headline", "wordpress-footer", "summary-cut", "lead-only", "extended",
           "dateline-copyedit-cut-tail", "related-and-photo", "new-headline-typography", "heavy"]

def split_of(key):
    return "holdout" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 5 < 2 else "tune"

pairs = []
def add(category, label, group, a, b, note=""):
    pairs.append(dict(id=f"p{len(pairs)+1:03d}", category=category, label=label, split=split_of(group), note=note, a=a, b=b))

ids = sorted(base)
for i, aid in enumerate(ids):
    a = base[aid]
    orig = side(a["title"], a["paras"], a["outlet"], a["lang"])
    if i % 2 == 0:
        add("exact", "same", aid, orig, dict(orig, outlet="mirror"))
    picked = [RECIPES[(2 * i) % len(RECIPES)], RECIPES[(2 * i + 1) % len(RECIPES)]]
    for name in picked:
        copy, src = recipe(a, name)
        add("republished", "same", aid, side(src["title"], src["paras"], src["outlet"], src["lang"]), copy, name)

for iid, b in indep.items():
    aid = iid[2:]
    a = base[aid]
    add("independent", "different", aid, side(a["title"], a["paras"], a["outlet"], a["lang"]), side(b["title"], b["paras"], b["outlet"], b["lang"]))

for tid, b in trans.items():
    aid = tid[2:]
    a = base[aid]
    add("translated", "same", aid, side(a["title"], a["paras"], a["outlet"], a["lang"]), side(b["title"], b["paras"], b["outlet"], b["lang"]))

# follow-up stories: a later development that reuses background paragraphs of the first story verbatim
for fid, f in parse_articles("followups.txt").items():
    a = base[fid[2:]]
    paras = []
    for p in f["paras"]:
        for part in p.split("@@bg "):
            part = part.strip()
            if not part:
                continue
            if part[0].isdigit():
                paras.append(a["paras"][int(part.split()[0])])
            else:
                paras.append(part)
    add("follow-up", "different", a["id"], side(a["title"], a["paras"], a["outlet"], a["lang"]), side(f["title"], paras, f["outlet"], f["lang"]))

# the same article carried elsewhere with a summary written anew (no shared wording)
for sid, s in parse_articles("paraphrased.txt").items():
    a = base[sid[2:]]
    add("paraphrased-summary", "same", a["id"], side(a["title"], a["paras"], a["outlet"], a["lang"]), side(s["title"], s["paras"], s["outlet"], s["lang"]))

# unrelated stories in the same language, some on neighbouring subjects
by_lang = {}
for aid in ids:
    by_lang.setdefault(base[aid]["lang"], []).append(aid)
for lang, members in by_lang.items():
    if len(members) < 2:
        continue
    for k in range(min(4, len(members) // 2)):
        x, y = rng.sample(members, 2)
        add("unrelated", "different", x, side(base[x]["title"], base[x]["paras"], base[x]["outlet"], lang),
            side(base[y]["title"], base[y]["paras"], base[y]["outlet"], lang))

# bulletins under one generic title
text = (HERE / "bulletins.txt").read_text()
for gblock in text.split("### ")[1:]:
    head, _, rest = gblock.partition("\n")
    gid, lang, outlet, title, intro, outro = [p.strip() for p in head.split("|")]
    items = [[l.strip() for l in blk.strip().splitlines()[1:] if l.strip()] for blk in rest.split("=== ")[1:]]
    def bulletin(k):
        return side(title, ([intro] if intro else []) + items[k] + ([outro] if outro else []), outlet, lang)
    n = len(items)
    combos = [(k, k + 1) for k in range(n - 1)] + [(k, k + 2) for k in range(0, n - 2, 2)]
    for x, y in combos:
        add("generic-title", "different", gid, bulletin(x), bulletin(y), f"{gid} #{x+1} vs #{y+1}")

out = Path(sys.argv[1])
out.parent.mkdir(parents=True, exist_ok=True)
with out.open("w") as f:
    for p in pairs:
        f.write(json.dumps(p, ensure_ascii=False) + "\n")
from collections import Counter
print(len(pairs), Counter(p["category"] for p in pairs), Counter(p["split"] for p in pairs), file=sys.stderr)
