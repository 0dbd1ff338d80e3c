/**
 * The offline classifier's lexicons, per language: theme words and sentiment words as written in
 * comments. One entry per word, space-separated:
 *   `root`    a token or its Snowball stem starts with it (inflection: "ajanvar" → ajanvarauksen)
 *   `*part`   a token contains it (compounds: "*jono" → puhelinjono, jonotusaika)
 *   `word.`   the token is exactly this word ("ajan.", "kö."), not an inflected form
 *   `a_b`     two tokens in a row, each starting with its part ("ei_vastat", "waiting_room")
 *   `-root`   (themes only) a token starting with it never counts for the theme ("-odotushuon" in waiting)
 *   `~entry`  a weak entry, half weight: two of them, or one with the NPS prior, make a finding
 * Placeholders (`[puhelin]`) are removed before matching, so a phone number is no phone-service theme.
 */
import type { Lang } from '../platform/index.ts';
import type { ThemeId } from './taxonomy.ts';

/** The lexicon of one language. */
export interface LexiconSource {
  themes: Record<Exclude<ThemeId, 'other'>, string>;
  positive: string;
  negative: string;
  /**
   * Words that flip the polarity of the next three words of the same clause; one that flips nothing
   * found is a complaint of its own ("ingen uppföljning", "no service in English").
   */
  negators: string;
  /** Words that a negation may deny without complaint ("ei mitään erityistä", "inget särskilt", "nothing special"). */
  neutral: string;
  /** Words that join praise and criticism ("mutta", "men", "but"): with both, a comment is mixed. */
  contrast: string;
}

const fi: LexiconSource = {
  themes: {
    encounter:
      'ystävälli *ystävälli kohtel *kohtel kohtaa kohtaami *kohtaami asiallis asenne asentee empaat kuunnel kuuntel *kuuntel töyke tyly tylys *tyly ylimieli välinpitämät huomioi lämmin lämpimä mukava ihana ihania hymy kohteliai rauhallis kärsivälli inhimilli ymmärtäväi välitt vähättel nolat kunnioit palvelualtti herttai sympaat ynseä epäkohtel epäystävälli kiireettöm kiireetön otettiin_vakavasti vakavasti tervehti huomiotta ohittiv ylimielis pahoitel kiitos_hoitaj kiitos_lääkär',
    professional_skill:
      'ammattitai *ammattitai osaa. osaav *osaav osaami *osaami osasi pätev *pätev asiantunt *asiantunt kokenu kokenee taitava taitavaa diagnoo *diagnoo tiesi perehty epäpätev kokemato osaamato tietämät huolelli ammattilai *ammattilai ammattimai tietotaito tunsi_asia',
    care_quality:
      'hoito *hoito hoidon hoidos hoidett hoidet hoiti hoidi *hoidon tutki *tutkimu tarkast perusteelli kivu kipulääk lääkity *lääkity resept rokot leikka leikkau näyte verikoe *verikoke apua. avun. sain_apu sai_apu saanut_apu auttoi autettiin auttaa vaiva jatkohoi lähete lähett laatu laaduka hoitoon hoidettiin *hoitoon hoitosuunnit -hoitaj -hoitola',
    booking:
      'ajanvar *ajanvar varaa varat varau *varau *varaaminen peru *peruu *perut ajan. aikoja ajat. aika_sai *lääkäriaik *lääkäriaj *vastaanottoaik *vastaanottoaj *kontrolliaik *hoitoaik sain_aja saanut_aja saa_aja aikaa_sai aikaa_ei ajanvarauk uusi_aika saanut_aika sain_aika saa_aika *muistutu -ajanvaraaja',
    phone_service:
      'puhel *puhel soit *soitto *soittel takaisinsoit *takaisinsoit linja *linjo linjat tavoit *tavoit vastannut_puhel vastattu luuri puhelu *palvelunumer -soittakaa -soittaisitte -soittaisi',
    waiting:
      'odot *odot jono *jono jonot *jonot myöhäs myöhästy viive viiväst kesti kestää venyi tunnin tuntia tunti. kauan pitkään ajallaan ajoissa nopea nopeasti heti pääsin_heti pääsi_heti vuoro vuoroa *odotusaik *jonotusaik minuuti viikon viikkoa kuukauden kuukautta -odotushuon -odotustil -odotusaula -odotti_lap',
    access:
      'pääsy *pääsy saavutet esteet *esteet esteellinen pyörätuol *pyörätuol rollaattor aukiolo *aukiolo aukeaa auki. suljett suljet kiinni kaukana matka matkat bussi *bussi kulkuyhte lähellä lähipalvel kuljetus taksi kyyti hissi ramppi portaat ruotsiksi ruotsin_kiel englanniksi tulkki *tulkki kielellä palvelua_ruotsi -pyörätuolipaik',
    information:
      'tieto *tieto tiedo *tiedo tiedotus tiedott *tiedott ohje *ohje ohjeistu ohjattiin ohjeita kerrott kertoi kertoa kerrottu selitt *selit selkeä selkeästi selkeät epäselv selvitt informaat info neuvo neuvoi neuvott ymmärrettäv kysymyks kysymyksi vastasi_kysy kerto tulokset tuloksi tuloks *tuloks perustel opaste -neuvola -yhteystie',
    digital_services:
      'sovellu *sovellu netti *netti netis netist netin. verkko *verkko sähköi *sähköi digi *digi chat *chat chätti omaolo omakanta kanta. sivu *sivu sivust *sivust tekstivies *tekstivies viesti *viesti etävastaanot *etävastaanot etäyhtey video *video kirjautu *kirjautu pankkitunnu tunnistautu lomake *lomake appi äppi *automaat ilmoittautu',
    premises:
      'tila. tilat tilass tiloi *tilat *tiloi *tilass siist *siist siivo *siivo likai *likai sotku pölyi haju haise vessa *vessa wc *wc pysäköi *pysäköi parkki *parkki autopaik odotushuon *odotushuon odotustil *odotustil odotusaula ilmanvaiht sisäilm *sisäilm ahdas ahtaa meluisa melu *melu tuoli *tuoli käytävä opastee kyltit kyltti remont rakennu valaistu huone *huone kylmä_odotus lämpöti -pyörätuol',
    safety:
      'turvalli *turvalli turvat *turvat turvaton pelot pelko pelkä pelkäs vaaralli *vaaralli uhka uhkaa uhkaav väkival *väkival vartij kaatu tapatu haittatapah virhe *virhe väärä_lääk väärää_lääk *lääkevirh tartun infekt hygien käsidesi maski ahdistav',
    costs:
      'maks *maks *maksu hinta *hinta hinnat hinno *hinno lasku *lasku kallis kallii *kallii kalli halpa halva ilmai euro *euro kustann perint omavastuu rahaa raha. maksukat -maksa.',
  },
  positive:
    'hyvä hyvää hyviä hyvin hyvi. erinomai loistava *loistava mahtava upea upeasti ihana ihania kiitos kiitoks kiito kiitolli ystävälli *ystävälli asiallis ammattitaitoi osaav pätev nopea nopeasti sujuv sujui sujuvasti helppo helposti selkeä selkeästi siisti siistit siistiä tyytyväi suosittel kiva kivaa mukava lämmin lämpimä kuunteli kuunnelt perusteelli huolelli kohteliai rauhallis turvalli kiireettöm kiireetön täydelli super paras parhai onnistu kelpo palvelualtti empaat kärsivälli huippu *huippu kehu *kiitos hieno kunnioit kunnolla kunnon luvatusti osas. jatkakaa_samaan junan_vess ~ok. ~okei ~toimi ~sain ~saanut ~saatiin ~pääsin ~päässyt ~pääsi ~vastat ~vastas ~vastan ~vastaa ~heti ~tarpee ~saa. ~saada ~kerto ~kerrott ~autt ~kuul ~sovit ~kuunnel ~vakavasti mainio loistav parasta kiitettäv tehokas tehokkaasti joustav ripeä ripeästi vaivato vaivatto miellyttäv avulia huomaavai asiantunteva tarkka ihanasti hienosti kivasti mukavasti toimiva luotettav rauhoittel lohdutt empaattin reilu viihtyis valoisa puhdas puhtaat kymppi kiitettävä_palvelu rauhallisesti hoitui täydet_pisteet tarkalleen vain_pari selitti_kaiken',
  negative:
    'huono huonosti huonoa *huono kamala kauhea surkea tyly tylys töyke epäystävälli epäkohtel ylimieli välinpitämät epäpätev väärä väärää väärin virhe *virhe pettyny pettymy *pettymy harmi valitettav valitet ikävä ikävää hidas hitaa hitaasti liian turha turhaut *turhaut kallis kallii likai sotku epäselv sekava ongelm *ongelm vaikea vaikeaa hankala hankalaa ahdistu pelott turvaton vaarall unohd unohtu myöhäs epäonnistu jumi kaatuil ärsyttä raivostutt kurja heikko heikosti puutteelli riittämät vähättel nolat tylysti kylmä ahdas ahtaa meluisa haise ~odot ~jono ~jonot ~kauan ~pitkään ~kesti ~kiire ~vasta ~edelleen vieläkään kahteen_kert kahdesti sattu valittamis ~pitäis ~pitäs ~pitäisi ~toivoisin ~toivois ~voisi ~kannattais karsea järkyttäv loukkaav nöyryyttäv vähättelev epäammattimai osaamato huolimato hutilo sotkui likaista kuuma haisi kohtuuto kohtuutto mahdoto tuskaa ärsyttäv kiukutt harmitt pettymys epäselvä puutteellinen riittämätö unohdett kadonn hukass vihai uhkaav pelottav pieleen kaatuu jumitt rikki toimimato ~pitkä ~pitkät ~liikaa yllättävän_iso yllättävän_suuri',
  negators: 'ei en et emme ette eivät eikä enkä eikö ettei ettet etten ilman tuskin kukaan mitään',
  neutral: 'erityis kummempaa kummoista ihmeellis huomautettavaa',
  contrast: 'mutta mut vaikka tosin kuitenkin silti paitsi muuten',
};

const sv: LexiconSource = {
  themes: {
    encounter:
      'bemöt *bemöt vänlig *vänlig trevlig otrevlig *trevlig snäll respekt *respekt lyssna förstående oförskämd nonchalant arrogant varm. varmt hjärtlig tillmötesgående allvar attityd hälsade leende glad. sur. otrevligt empat brydde ignorerade fantastisk underbar',
    professional_skill:
      'kompeten *kompeten kunnig *kunnig yrkeskunn professionell proffs *proffs erfaren skicklig diagnos *diagnos visste kunskap *kunskap okunnig noggrann grundlig',
    care_quality:
      'vård *vård behandl *behandl undersök *undersök grundlig hjälp *hjälp medicin *medicin recept. receptet förny vaccin provtag blodprov remiss uppföljning kvalitet operation smärt *smärt -vårdcentral -vårdare',
    booking:
      'tidsbok *tidsbok boka *boka bokning *bokning tid. tider avbok ombok *läkartid *tandläkartid återbesök lediga_tider få_en_tid fick_en_tid fick_tid',
    phone_service: 'telefon *telefon ring. ringa ringde ringt *uppringning återring samtal *samtal kom_fram linjen knappval numret',
    waiting:
      'vänt *vänt kö. kön. köa köade köer *telefonkö försen sent. timmar timme länge snabbt snabb direkt genast dröjde dröj minuter veckor månader -väntrum',
    access:
      'tillgäng *tillgäng rullstol *rullstol rollator öppettid *öppettid öppet stängd stängt avstånd långt_bort buss *buss färdtjänst hiss trappa ramp svenska *svenskspråkig finska tolk',
    information:
      'info *info information instrukt anvisning förklar berätta tydlig otydlig oklar besked *besked provsvar svar. svaret veta meddel kommunik',
    digital_services:
      'app. appen *appen webb *webb nätet *nätet hemsid *hemsid chatt *chatt digital *digital e-tjänst inlogg logga bankkod sms video distansmottag omaolo kanta',
    premises:
      'lokal *lokal väntrum *väntrum städ smuts *smuts ren. rent rena snyggt fräsch toalett *toalett wc parkering *parkering trång buller luft *luft stol *stol skylt *skylt kallt -rullstol',
    safety:
      'trygg *trygg otrygg säker *säker farlig *farlig rädd hotade hotfull våld *våld väktare föll ramlade misstag felmedicin infektion smitt',
    costs: 'avgift *avgift kost *kostn pris *pris dyr *dyr räkning faktura *faktura betal gratis euro pengar',
  },
  positive:
    'bra *jättebra utmärkt fantastisk underbar toppen super tack tacksam nöjd vänlig trevlig snäll proffsig professionell kunnig kompetent snabb snabbt smidig smidigt lätt enkel enkelt tydlig lugn trygg grundlig noggrann bäst rekommend perfekt lyssna härlig fin. fint gott positiv hjärtlig ~fungerade ~fick ~kom_fram ~hjälp ~förklar ~berätt ~svara ~direkt ~ok. ~okej jättebra utmärkt hjälpsam tillmötesgående lyhörd effektiv ren. fräsch nöjd tacksam bästa omtänksam rimlig trevligt vänligt varm. lugnt utlov ringde_tillbaka visste_precis förklarade_allt',
  negative:
    'dålig dåligt *dålig usel hemsk fruktansvärd otrevlig oförskämd ovänlig nonchalant arrogant sur. besvik *besvik tyvärr synd problem *problem svår svårt krångl *krångl rörig oklar otydlig långsam *långsam sent. försen fel. felaktig smutsig äckl otrygg rädd farlig dyr dyrt irrit frustr *frustr glömde glömt trång kallt ignorerade två_gånger alldeles_för ~lång ~vänta ~väntade ~kö. ~köa ~köade ~länge ~timmar ~stressad ~fortfarande förfärlig respektlös okunnig inkompetent slarvig kaotisk stökig högljudd orimlig omöjlig besviken irriterande frustrerande bristfällig otillräcklig för_lång för_länge försenad tappade hotfull krånglade kraschade smutsigt dåliga överraskning ~väntetid',
  negators: 'inte ej aldrig utan knappt varken ingen inget inga ingenting',
  neutral: 'särskilt speciellt anmärka klaga',
  contrast: 'men fast dock trots däremot annars',
};

const en: LexiconSource = {
  themes: {
    encounter:
      'friendl *friendl kind. kindly rude polite impolit respect *respect listen attitud manner welcom smil empath caring condescend dismiss arrogan warm. compassion courteous nice lovely sympath ignor treated_me amazing wonderful',
    professional_skill:
      'profession *profession competen *competen skill *skill knowledg expert experienc diagnos *diagnos knew qualifi clueless thorough',
    care_quality:
      'care. treatment treat examin checkup medic prescri vaccin blood_test test. follow-up surgeri surgery help. helped helpful quality pain -caring',
    booking: 'book appoint *appoint reschedul cancel slot schedul reserv get_an_appoint',
    phone_service: 'phone *phone telephon call callback *callback rang ring. line. hold. got_through switchboard answer_the_phon',
    waiting:
      'wait queue *queue delay late. hour. minut week long quick quickli fast prompt on_time immedi straight_away -waiting_room -waiting_area',
    access:
      'access *access wheelchair opening_hour open. closed far_away too_far distanc bus transport lift stair ramp finnish english languag interpret',
    information: 'inform *inform explain instruct told tell clear unclear confus understand result letter communic guidanc advic advis',
    digital_services: 'app. apps. website web. onlin portal chat digit e-servic login log_in omaolo omakanta text_messag sms video remot',
    premises:
      'premis clean dirti dirty toilet restroom bathroom waiting_room waiting_area park room. seat chair noisi nois smell build signpost sign. crowd',
    safety: 'safe *safe unsaf secur danger scare scari afraid threat violen guard fell. fall mistak wrong_medic infect hygien',
    costs: 'cost fee price expens cheap bill pay paid charg euro money afford',
  },
  positive:
    'good great excel amaz wonder fantast friendl kind. kindly helpful nice love thank grate happi satisfi profession competen quick quickli fast effici smooth easi easy clear calm thorough best recommend perfect pleasant polit caring warm. well. ~help ~explain ~told ~answer ~listen ~call brilliant superb ~ok. ~okay ~fine ~work ~got ~manag outstanding attentive considerate respectful knowledg skill efficient simpl clean bright tidi comfort reassur thank grate reason afford explained_everyth felt_safe',
  negative:
    'bad poor terribl aw horribl rude unfriendl dismiss arrogan incompeten unprofession disappoint unfortun sad. problem difficult hard complic confus unclear slow late. delay wrong mistak error dirti unsaf scare afraid expens frustrat annoy forgot ignor worst useless chaos chaotic crowd noisi unaccept twice ages. too_long far_too ~cancel ~wait ~queue ~hour ~long ~still ~cold dread appal disrespect condescend careless sloppi messi filthi cramp overpr unreason imposs inadequ insuffici vagu lost aggress threaten broken crash nightmar useless outdat out_of_date rude rush a_surpris only_open',
  negators: 'not never without hardly didnt dont doesnt wasnt werent isnt cant couldnt wont wouldnt havent hasnt no nobody nothing none',
  neutral: 'special particular complain',
  contrast: 'but although though howev except yet wherea',
};

/** Each language's lexicon. */
export const LEXICONS: Record<Lang, LexiconSource> = { fi, sv, en };
