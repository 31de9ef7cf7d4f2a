"""A labelled news day written for the grouping tests and the threshold sweep.

Every article is our own text. Stories are chosen to be hard to tell apart: two Syria stories,
two Middle East stories on one day, an earthquake and a central-bank decision in the same
country, two interest-rate stories, two Ukraine stories (one of them in Istanbul), two Paris
stories, wire copies that differ by a few words, a follow-up published two days later, an
article with no title and stories of one article.
"""

from __future__ import annotations

from datetime import UTC, datetime

from digest.model import Article

# (story, outlet, published (UTC), title, text)
CORPUS: list[tuple[str, str, str, str, str]] = [
    # --- Syria: government offensive in Idlib (with a follow-up two days later)
    ("idlib", "Reuters", "2026-11-20T07:10", "Syrian army pushes into Idlib countryside",
     "Syrian government forces backed by Russian air strikes advanced into the southern Idlib countryside on "
     "Friday, capturing three villages from rebel fighters, a war monitor said. The Syrian Observatory for Human "
     "Rights said at least 14 rebels and nine soldiers were killed in the fighting around Maarat al-Numan. "
     "Thousands of families fled north toward the Turkish border."),
    ("idlib", "AP", "2026-11-20T09:30", "Thousands flee as Assad's forces advance in Idlib",
     "Thousands of civilians fled toward the Turkish border as President Bashar Assad's troops, supported by "
     "Russian warplanes, seized villages south of Maarat al-Numan in Idlib province. Rescue workers from the "
     "White Helmets said air strikes hit a market in Maarat al-Numan. Idlib is the last rebel stronghold in Syria."),
    ("idlib", "Al Jazeera", "2026-11-20T12:00", "Idlib offensive: civilians caught between air strikes and front line",
     "Residents of Maarat al-Numan described a night of relentless bombardment as the Syrian army and allied "
     "militias pressed their offensive in Idlib. Aid groups warned that camps near the Turkish border are already "
     "overcrowded. Rebel commanders said they had repelled an attack near Khan Sheikhoun."),
    ("idlib", "Reuters", "2026-11-22T08:00", "Syrian troops enter Maarat al-Numan after days of fighting",
     "Syrian troops entered the rebel-held town of Maarat al-Numan on Sunday, two days after launching a push "
     "through the southern Idlib countryside with Russian air support. The Observatory said rebels withdrew "
     "northward. The United Nations said more than 40,000 people had been displaced in Idlib since Friday."),
    # --- Syria: constitutional talks in Geneva (same country, other story)
    ("geneva", "Reuters", "2026-11-20T10:15", "Syria constitutional committee resumes talks in Geneva",
     "Delegations of the Syrian government and the opposition met in Geneva on Friday for a new round of the "
     "constitutional committee, the U.N. envoy Geir Pedersen said. The 45-member drafting body is meant to "
     "write a new constitution for Syria ahead of elections under Security Council resolution 2254."),
    ("geneva", "AFP", "2026-11-20T14:40", "UN envoy urges 'real progress' as Syrian constitution talks open",
     "U.N. special envoy Geir Pedersen urged Syrian government and opposition delegates to make real progress "
     "as the constitutional committee opened its session at the Palais des Nations in Geneva. Previous rounds "
     "ended without agreement on a single article of the draft constitution."),
    ("geneva", "BBC", "2026-11-21T09:00", "Geneva talks on Syrian constitution end without agreement",
     "A week of talks in Geneva on a new Syrian constitution ended without agreement, U.N. envoy Geir Pedersen "
     "said on Saturday, blaming disputes over the agenda. The committee's co-chairs, Ahmad Kuzbari for the "
     "government and Hadi al-Bahra for the opposition, will meet again next month."),
    # --- Gaza: Israeli strikes and ceasefire talks in Cairo
    ("gaza", "AP", "2026-11-20T06:00", "Israeli strikes kill 12 in Gaza as truce talks stall",
     "Israeli air strikes killed at least 12 Palestinians in the southern Gaza Strip overnight, health officials "
     "in Gaza said, as Egyptian-mediated ceasefire talks in Cairo stalled. The Israeli military said it struck "
     "Hamas militants who had fired rockets at the town of Sderot."),
    ("gaza", "Al Jazeera", "2026-11-20T08:20", "Khan Younis strikes: families buried under rubble",
     "Rescuers in Khan Younis dug through the rubble of a three-storey home after an Israeli strike, the Gaza "
     "health ministry said, raising the overnight death toll to 12. Hamas said its delegation in Cairo would "
     "not accept a truce that did not include the reopening of the Rafah crossing."),
    ("gaza", "Reuters", "2026-11-20T11:45", "Egypt presses Israel, Hamas to agree Gaza truce",
     "Egyptian mediators pressed Israel and Hamas on Friday to accept a ceasefire in Gaza after a night of "
     "Israeli air strikes on Khan Younis killed 12 people. An Egyptian official said the sides remained apart "
     "on the Rafah crossing and the release of prisoners."),
    ("gaza", "BBC", "2026-11-21T07:30", "Gaza ceasefire takes hold after Cairo talks",
     "A ceasefire between Israel and Hamas took effect in Gaza early on Saturday, Egyptian mediators said, after "
     "two days of talks in Cairo. Residents of Khan Younis said the night was quiet for the first time in a "
     "week. Israel agreed to ease restrictions at the Rafah crossing."),
    # --- Lebanon: Hezbollah-Israel border clash (Middle East, same day)
    ("lebanon", "Reuters", "2026-11-20T13:05", "Hezbollah fires anti-tank missile at Israeli border post",
     "Hezbollah fighters fired an anti-tank missile at an Israeli army post near the Lebanese border village of "
     "Aitaroun on Friday, and Israel answered with artillery fire on southern Lebanon, the Lebanese army said. "
     "UNIFIL peacekeepers urged both sides to show restraint."),
    ("lebanon", "AFP", "2026-11-20T15:20", "Israel shells south Lebanon after Hezbollah attack",
     "Israeli artillery shelled hillsides around Aitaroun and Maroun al-Ras in south Lebanon after a Hezbollah "
     "missile hit a military position in northern Israel, wounding two soldiers. The U.N. peacekeeping force "
     "UNIFIL said it was in contact with both armies along the Blue Line."),
    ("lebanon", "Al Jazeera", "2026-11-20T18:00", "South Lebanon villagers flee border shelling",
     "Families from Aitaroun drove north toward Tyre as Israeli shells fell on the edge of the village, hours "
     "after Hezbollah claimed an attack on an Israeli post across the Blue Line. Lebanon's caretaker prime "
     "minister said Beirut did not want a wider war."),
    # --- Turkey: earthquake
    ("quake", "AP", "2026-11-21T02:10", "Strong earthquake shakes eastern Turkey, killing at least 18",
     "A magnitude 6.4 earthquake struck Malatya province in eastern Turkey before dawn on Saturday, killing at "
     "least 18 people and injuring more than 300, Turkey's disaster agency AFAD said. Several apartment blocks "
     "collapsed in the town of Dogansehir."),
    ("quake", "Reuters", "2026-11-21T05:30", "Rescuers search rubble after deadly Malatya quake",
     "Rescue teams searched collapsed buildings in Dogansehir after the 6.4 magnitude quake in Malatya. AFAD "
     "said the death toll had risen to 23 and that aftershocks were continuing. Interior Minister Ali Yerlikaya "
     "said tents were being sent to the province."),
    ("quake", "BBC", "2026-11-21T10:00", "Turkey earthquake: survivors spend night in tents",
     "Survivors of the Malatya earthquake spent a freezing night in tents and cars, afraid to return to damaged "
     "homes. Turkey's disaster agency said 23 people were killed. The quake was felt as far away as Diyarbakir "
     "and Adana."),
    ("quake", "Anadolu", "2026-11-23T09:00", "Malatya quake toll rises to 31 as search ends",
     "The death toll from Saturday's earthquake in Malatya rose to 31 after rescuers recovered more bodies from "
     "a collapsed apartment block in Dogansehir, AFAD said on Monday, announcing the end of search and rescue "
     "operations."),
    # --- Turkey: central bank (same country, other story; shares 'rates' with the Fed story)
    ("cbrt", "Reuters", "2026-11-20T11:00", "Turkish central bank raises rates to 52.5% to tame inflation",
     "Turkey's central bank raised its benchmark one-week repo rate by 250 basis points to 52.5 percent on "
     "Thursday, more than economists had expected, saying inflation was still too high. The lira firmed "
     "against the dollar after the decision."),
    ("cbrt", "Bloomberg", "2026-11-20T11:20", "Turkey surprises with bigger rate hike as lira slides",
     "The Central Bank of the Republic of Turkey lifted borrowing costs to 52.5 percent, a bigger increase than "
     "analysts forecast, as governor Fatih Karahan stepped up the fight against annual inflation of about 60 "
     "percent. The lira gained 0.8 percent."),
    ("cbrt", "Financial Times", "2026-11-20T16:00", "Ankara's tight money bet: what the lira needs now",
     "Investors welcomed the Turkish central bank's decision to raise the repo rate to 52.5 percent, but "
     "Karahan's team will need to keep policy tight well into next year to bring inflation down, economists "
     "said. Tourism revenue has helped the lira this year."),
    # --- United States: Federal Reserve decision
    ("fed", "Reuters", "2026-11-20T19:05", "Fed holds rates steady, signals cuts possible next year",
     "The U.S. Federal Reserve held its benchmark interest rate in a range of 4.25 to 4.50 percent on Thursday "
     "and signalled it could cut borrowing costs next year if inflation keeps easing. Fed Chair Jerome Powell "
     "said the labour market remained solid."),
    ("fed", "AP", "2026-11-20T19:40", "Powell says Fed in no hurry to cut as it keeps rates on hold",
     "Federal Reserve Chair Jerome Powell said the central bank was in no hurry to lower interest rates after "
     "policymakers voted to keep the federal funds rate unchanged. Stocks on Wall Street rose after the "
     "decision and Treasury yields fell."),
    ("fed", "Bloomberg", "2026-11-20T21:00", "Wall Street rallies as Fed leaves door open to 2027 cuts",
     "U.S. stocks rallied and Treasury yields slid after the Federal Reserve kept rates unchanged and "
     "Jerome Powell said cuts were possible in 2027. The S&P 500 closed up 1.2 percent, and the dollar "
     "weakened against the euro and the yen."),
    # --- Ukraine: drone attack on Kyiv
    ("kyiv", "Reuters", "2026-11-21T04:00", "Russian drones hit Kyiv power station, three killed",
     "Russia attacked Kyiv with dozens of drones overnight, hitting a power station and killing three people, "
     "Mayor Vitali Klitschko said on Saturday. Ukraine's air force said it shot down 41 of 55 Shahed drones "
     "launched from Russia and occupied Crimea."),
    ("kyiv", "AP", "2026-11-21T06:30", "Kyiv without power after massive Russian drone strike",
     "Large parts of Kyiv were without electricity on Saturday after Russian Shahed drones struck a thermal "
     "power plant, Ukrainian officials said. Three people died when debris hit a residential building in the "
     "Darnytskyi district. President Volodymyr Zelensky called for more air defence systems."),
    ("kyiv", "BBC", "2026-11-21T09:15", "Zelensky urges allies for air defence after Kyiv attack",
     "Volodymyr Zelensky appealed to Western allies for more Patriot systems after a night of Russian drone "
     "attacks on Kyiv left three dead and knocked out heating in several districts. Klitschko said repair "
     "crews were working to restore power."),
    # --- Ukraine: Black Sea grain talks in Istanbul (Ukraine and Turkey both appear)
    ("grain", "Reuters", "2026-11-21T12:00", "Ukraine, Russia delegations meet in Istanbul on Black Sea shipping",
     "Ukrainian and Russian officials met in Istanbul on Saturday for Turkish-brokered talks on safe passage "
     "for grain ships in the Black Sea, Turkey's defence ministry said. Ukraine wants guarantees for ports in "
     "Odesa after repeated attacks on its shipping."),
    ("grain", "AFP", "2026-11-21T15:00", "Turkey hosts Black Sea grain corridor talks",
     "Turkish Foreign Minister Hakan Fidan hosted Russian and Ukrainian negotiators in Istanbul to discuss a "
     "new corridor for grain exports from Odesa. The United Nations said a deal would ease food prices in "
     "Africa and the Middle East."),
    ("grain", "Al Jazeera", "2026-11-21T17:30", "Grain talks in Istanbul end with pledge to meet again",
     "Talks in Istanbul on Black Sea grain shipments ended without a deal but with a pledge to meet again in "
     "December, Hakan Fidan said. Odesa's ports have exported grain through a Ukrainian corridor despite "
     "Russian strikes."),
    # --- United Kingdom: minister resigns
    ("uk", "BBC", "2026-11-20T17:00", "Home Secretary resigns over asylum hotels row",
     "The Home Secretary resigned on Friday after a row over the cost of asylum hotels, saying she could no "
     "longer defend the government's policy. Prime Minister Keir Starmer thanked her for her service and "
     "appointed Yvette Cooper's deputy as interim replacement."),
    ("uk", "The Guardian", "2026-11-20T18:10", "Starmer faces Labour backlash after Home Secretary quits",
     "Keir Starmer faced anger from Labour backbenchers after the Home Secretary quit over asylum hotels, the "
     "third cabinet resignation this year. Downing Street said a new immigration bill would go ahead."),
    # --- Paris: Louvre jewel theft
    ("louvre", "AFP", "2026-11-21T11:00", "Thieves steal crown jewels from Louvre in four minutes",
     "Thieves using a furniture lift broke into the Louvre's Apollo Gallery on Saturday morning and stole "
     "pieces of the French crown jewels in under four minutes, Culture Minister Rachida Dati said. The museum "
     "in Paris was closed for the day."),
    ("louvre", "The Guardian", "2026-11-21T13:30", "Louvre heist: police hunt gang who took Napoleon-era jewels",
     "French police were hunting a gang of four who smashed display cases in the Louvre's Apollo Gallery and "
     "escaped on scooters with Napoleon-era jewellery. Prosecutor Laure Beccuau said the thieves used a lift "
     "parked on the Seine embankment."),
    # --- Paris: pension strikes (same city, other story)
    ("strike", "Reuters", "2026-11-20T16:30", "French unions strike against pension reform, Paris metro disrupted",
     "Hundreds of thousands of workers marched across France on Thursday against the government's plan to raise "
     "the retirement age, and strikes shut most of the Paris metro, the CGT union said. Teachers and rail "
     "workers joined the walkout."),
    ("strike", "France 24", "2026-11-20T19:00", "Pension protests: clashes in Paris as unions vow new strikes",
     "Police fired tear gas at protesters near Place de la Nation in Paris as the eighth day of strikes against "
     "pension reform ended. CGT leader Sophie Binet said unions would call new walkouts next week if the "
     "retirement age bill was not withdrawn."),
    ("strike", "BBC", "2026-11-21T08:00", "French strikes: what the pension reform means",
     "France's unions oppose the reform because it raises the minimum retirement age from 62 to 64. Strikes "
     "on the railways and the Paris metro are expected to continue next week, and refineries could be hit."),
    # --- Japan: typhoon (wire copies: AP text reprinted by three outlets with small changes)
    ("typhoon", "AP", "2026-11-20T03:00", "Typhoon Kong-rey slams into southern Japan",
     "Typhoon Kong-rey slammed into Kagoshima in southern Japan on Friday with winds of 180 kph, cutting power "
     "to 200,000 homes and forcing the cancellation of hundreds of flights, officials said. Two people were "
     "missing on Yakushima island."),
    ("typhoon", "ABC News", "2026-11-20T03:40", "Typhoon Kong-rey slams into southern Japan",
     "Typhoon Kong-rey slammed into Kagoshima in southern Japan on Friday with winds of 180 kph, cutting power "
     "to 200,000 homes and forcing the cancellation of hundreds of flights, officials said. Two people were "
     "missing on Yakushima island, the coast guard said."),
    ("typhoon", "Washington Post", "2026-11-20T04:05", "Typhoon slams into southern Japan, 2 missing",
     "Typhoon Kong-rey slammed into Kagoshima in southern Japan on Friday with winds of up to 180 kph, cutting "
     "power to about 200,000 homes and forcing the cancellation of hundreds of flights, officials said. Two "
     "people were missing on Yakushima island."),
    ("typhoon", "NHK", "2026-11-20T08:00", "Kagoshima: evacuation orders as Kong-rey moves north",
     "Authorities in Kagoshima prefecture issued evacuation orders for 500,000 residents as Typhoon Kong-rey "
     "moved north toward Kyushu's main island. The Japan Meteorological Agency warned of record rain in "
     "Miyazaki."),
    # --- single-article stories
    ("chess", "Chess.com", "2026-11-20T20:00", "",
     "Magnus Carlsen won the World Rapid Chess Championship in Doha on Friday, beating Ian Nepomniachtchi in a "
     "tie-break. It is Carlsen's sixth rapid title."),
    ("nasa", "Space.com", "2026-11-21T22:00", "NASA launches Europa probe on Falcon Heavy",
     "NASA launched a probe to Jupiter's moon Europa on a SpaceX Falcon Heavy rocket from Cape Canaveral on "
     "Saturday. The spacecraft will arrive in 2030 to study the ocean beneath the moon's icy shell."),
]


def corpus_articles() -> tuple[list[Article], dict[str, str]]:
    """The corpus as Articles, and the gold story of each article id."""
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for i, (story, outlet, when, title, text) in enumerate(CORPUS):
        published = datetime.fromisoformat(when).replace(tzinfo=UTC)
        body = f"{title}\n\n{text}" if title else text
        article = Article(title=title, text=body, source=outlet, published=published,
                          url=f"https://example.org/{story}/{i}")
        articles.append(article)
        gold[article.id] = story
    return articles, gold
