/**
 * Place names that look like person names or surnames ("Salo", "Lahti", "Kallio", "Nokia") or sit
 * beside a unit's name, in Finnish and Swedish: never taken for names. A region adds its own in
 * `region.redaction.placeNames` (settings.ts), and the org tree's names come from the config.
 */
export const PLACE_NAMES =
  'helsinki helsingfors espoo esbo vantaa vanda tampere tammerfors turku åbo oulu uleåborg jyväskylä kuopio lahti lahtis pori björneborg joensuu lappeenranta villmanstrand hämeenlinna tavastehus vaasa vasa seinäjoki rovaniemi mikkeli st michel kotka salo porvoo borgå kokkola karleby hyvinkää lohja lojo järvenpää rauma raumo kajaani kerava kervo savonlinna nyslott nokia kangasala kouvola tuusula kirkkonummi kyrkslätt raisio reso kaarina sipoo sibbo pietarsaari jakobstad raasepori raseborg tammisaari ekenäs loviisa lovisa parainen pargas maarianhamina mariehamn hanko hangö kallio kannelmäki itäkeskus suomi finland sverige kela omakanta omaolo';
