import type { TechniqueId } from '../../../atlas/ids.ts';
import { ClientTable, stateBudget } from '../../../monitor/client-table.ts';
import type { Detector, Raise } from '../../../monitor/detector.ts';
import { refOf, type InferenceEvent } from '../../../monitor/event.ts';
import { Projection } from '../../../monitor/numeric/projection.ts';
import { FeatureScale } from '../../../monitor/numeric/vector.ts';
import { featureWeights, medianStep } from './common-scale.ts';
import { type ClassFigures, classOf, POPULATION_CLIENTS, populationFigure, populationThreshold, testW, VOTE_DISTANCES, welford } from './prada.ts';
import { RankReference } from './rank-cusum.ts';
import { InputNovelty, rankWarmup } from './novelty.ts';
import { farOut, marginRankTest, noveltyTest, offOnAverage, residualTest } from './rank-tests.ts';
import { CrossClientDistance } from '../../../monitor/numeric/typical-distance.ts';
import { boundaryTest, cusumSteps, cusumTest, margin } from './boundary.ts';
import { imageGrid, ValueDomain } from './value-domain.ts';
import { pushNearDup, searching } from './near-dup.ts';
import { type ClientState, newClientState } from './client-state.ts';
import { latestWs, medianShare, WARM_ANSWERS } from './population.ts';
import { type ExtractionParams, MEAN_DRIFT, NATURAL_TAIL, NEAREST_DRIFT } from './params.ts';
import { addToSpread, NARROW_AFTER, populationSpread, SPREAD_PER_CLIENT, spreadCount, spreadOf, spreadSums } from './input-spread.ts';

const TECHNIQUES: TechniqueId[] = ['AML.T0024.002' as TechniqueId, 'AML.T0005' as TechniqueId];


/**
 * Model extraction, per client, by two tests:
 *
 * - PRADA (Juuti et al., EuroS&P 2019): the L2 distance from each query to the nearest earlier query of the
 *   same predicted class. Natural queries give a roughly normal distribution; synthetic ones (Jacobian
 *   steps, line searches) do not (Shapiro–Wilk W below δ). A query joins the growing set when its distance
 *   exceeds the class's mean minus one standard deviation. Features in different units (a loan application's
 *   amounts, counts and categories) are first put on a common scale learned in the warm-up (common-scale.ts).
 * - Boundary seeking: active-learning extraction asks where its copy is least sure, which is where the
 *   model is too: the share of answers whose top two scores are close, against the population's share
 *   (binomial z). Natural-looking extraction queries that PRADA misses (Atli et al. 2020) still do this.
 *
 * Beside them, rank CUSUMs of answer margins and input novelty (`rank-cusum.ts`); on images a tail CUSUM of inputs
 * off the warm-up's principal directions (`novelty.ts`, `residual`: transfer sets of another make); and on tabular
 * inputs a CUSUM of inputs off the features' value domain (`value-domain.ts`: Jacobian augmentation's fractions in
 * integer and one-hot columns).
 *
 * A client whose recent queries are mostly near-duplicates of its own earlier ones is searching for an
 * adversarial example, not copying the model: left to monitor/evasion-search. Memory is bounded (growing
 * set of `growingSet` inputs, windows of distances and answers, `maxClients` clients). The tests count
 * queries, not time, so an extraction spread over hours is tested as fast as one in a minute.
 */
export function extractionDetector(params: ExtractionParams): Detector {
  const scale = new FeatureScale(params.warmup);
  // The typical distance between inputs, from pairs of different clients' (typical-distance.ts); set when the warm-up ends.
  const crossClient = new CrossClientDistance();
  let typical = 0;
  const budget = stateBudget(params.maxStateMb, (s: ClientState) => s.kept.bytes());
  const clients = new ClientTable<ClientState>(
    params.maxClients,
    () => newClientState(params),
    budget,
  );
  // Until clients' own windows say what the population's boundary share is, 5% — or the share among the first
  // `warmup` answers (every client's) when that is higher: a model often unsure on natural inputs (a 79%-accurate
  // 28×28 digits model, 23% of answers) had 22 of 40 benign clients flagged against a fixed 5%. Higher by 3 binomial
  // standard deviations (9.6% at 200) was asked for once; the credit model's natural share, ~10%, measured below that at
  // warm-up on held-out seed 901 and a natural client with 10 of its first 32 answers there was flagged against 5%.
  // The 8×8 digits' warm-up share, 6.5%, now replaces 5%: the same alerts on seeds 201–206 and 301–304.
  let population = 0.05;
  // PRADA's δ, or the population's lower figure (prada.ts; NaN until 5 clients vote): δ may stay PRADA's while it is lower.
  let delta = params.threshold;
  let figure = NaN;
  let voters = 0;
  /**
   * Whether the population's own figure is at or above PRADA's δ (5 clients have voted): natural inputs' W is then
   * reliable, and on images W alarms alone; otherwise (too few voters, or a population lower than PRADA's, as colour
   * scenes') it also needs the client's inputs off the principal directions (`wResidualFloor`). On fresh 8×8 digits seed
   * 2602 JbDA's steps lay no farther off them than natural digits (mean rank 0.48 at W's alarm, 22 voters, δ 0.87).
   */
  const naturalWAbove = (): boolean => voters >= POPULATION_CLIENTS && !(figure < params.threshold);
  let steps = cusumSteps(population, params.boundaryMinShare);
  let warmAnswers = 0;
  let warmLow = 0;
  const reference = new RankReference();
  let novelty = new InputNovelty();
  let noveltyDrift = params.noveltyDrift ?? MEAN_DRIFT;
  const noveltyReference = new RankReference(true);
  const residualReference = new RankReference(true);
  /** The population's spread in the principal directions (`input-spread.ts`), from the warm-up; 0 without a projection. */
  let spread = 0;
  /**
   * A new input (not a near-copy or re-send of the client's own): its projection into the client's spread, and its
   * distance off the principal directions (images: novelty from the mean) into the client's ring.
   */
  const newInput = (s: ClientState, x: Float64Array, px: Float64Array | undefined, far: number | undefined): void => {
    if (px && spread > 0) {
      if (s.spread.length !== px.length + 2) s.spread = spreadSums(px.length);
      addToSpread(s.spread, px);
    }
    const r = params.residualCusum > 0 ? novelty.residual(x, px, far) : undefined;
    if (r === undefined) return;
    s.residual.push(r);
    residualReference.add(r, s.residual.answers, s.residual);
  };
  let query = new Float64Array(0);
  let events = 0;
  let warm: { s: ClientState; client: string; x: Float64Array; label: string; queries: number }[] = [];
  let domain: ValueDomain | undefined;
  /** Images: the pixels' grid, learned as the domain is, which only vouches for PRADA's W (`offGridW`); never alarms alone. */
  let grid: ValueDomain | undefined;
  /** Whether the (raw) input is off the features' value domain (or the pixels' grid); false until either is learned. */
  const offDomain = (input: Float64Array): boolean => {
    const values = domain ?? grid;
    return values !== undefined && values.offFeatures(input, params.offDomainFeatures) >= params.offDomainFeatures;
  };
  let weights: Float64Array | undefined;
  let projection: Projection | undefined;
  let common = new Float64Array(0);
  /** The input on the common scale (in one reused array: the next call overwrites it), or as it is. */
  const scaled = (input: Float64Array): Float64Array => {
    if (!weights || input.length !== weights.length) return input;
    if (common.length !== input.length) common = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) common[i] = (input[i] as number) * (weights[i] as number);
    return common;
  };
  /**
   * The warm-up's end: the features' scale, the typical distance, the novelty test's centre, all on that scale; then
   * PRADA's distances of the warm-up's queries, in log order, as if measured when they came.
   */
  const settle = (): void => {
    weights = featureWeights(warm.map((w) => w.x), params.commonScale, warm.map((w) => w.client));
    if (params.offDomainCusum > 0 && (params.valueDomain === 'on' || (params.valueDomain === 'auto' && weights))) domain = ValueDomain.learn(warm.filter((w) => w.x.length === scale.dimension));
    else if (params.offGridW > 0 && params.valueDomain !== 'off' && !weights) grid = imageGrid(warm.filter((w) => w.x.length === scale.dimension));
    if (params.noveltyScore === 'nearest' || (params.noveltyScore === 'auto' && weights)) novelty = new InputNovelty(true);
    const inputs = warm.map((w) => (weights && w.x.length === weights.length ? Float64Array.from(scaled(w.x)) : w.x));
    projection = weights ? Projection.fit(inputs.slice(0, 200)) : scale.projection;
    if (params.narrowSpread > 0 && projection) {
      const k = projection.k;
      spread = populationSpread(inputs, warm.map((w) => w.client), SPREAD_PER_CLIENT, (x) => (x.length === projection?.dimension ? projection.project(x, new Float64Array(k)) : undefined));
    }
    warm.forEach((w, i) => {
      crossClient.observe(w.client, inputs[i] as Float64Array);
      novelty.observe(w.client, inputs[i] as Float64Array);
    });
    novelty.settle(projection);
    noveltyDrift = params.noveltyDrift ?? (novelty.byNearest ? NEAREST_DRIFT : MEAN_DRIFT);
    // Ranked for novelty too, as if measured when they came (the event that ends the warm-up is measured as later ones are).
    if (params.noveltyCusum > 0) rankWarmup(novelty, inputs.slice(0, -1), warm.map((w) => w.client), warm.map((w) => w.s.novelty), noveltyReference);
    typical = crossClient.median() ?? (weights ? medianStep(inputs) : scale.typical);
    warm.forEach((w, i) => measure(w.s, inputs[i] as Float64Array, w.label, w.queries, offDomain(w.x)));
    warm = [];
  };
  /**
   * PRADA's minimum distance for one query (false for a client's first of its label, which is only kept), and the
   * off-domain CUSUM, which a near-copy or a re-send leaves alone.
   */
  /** The input's projection (into one reused array), shared by the novelty and PRADA's searches. */
  const project = (x: Float64Array): Float64Array | undefined => (projection ? projection.projectInput(x, query.length === projection.k ? query : (query = new Float64Array(projection.k))) : undefined);
  /** Whether the input `measure` last took was a near-copy or a re-send of one of the client's own. */
  let nearCopy = false;
  const measure = (s: ClientState, x: Float64Array, label: string, queries: number, off: boolean, figures?: ClassFigures, far?: number): boolean => {
    const px = project(x);
    // Exact; pre-filtered by the projection.
    const near = s.kept.nearest(x, projection, px, label);
    if (near.index < 0) {
      if (domain ?? grid) s.offDomain = Math.max(0, s.offDomain + (off ? 1 : -params.offDomainDrift));
      newInput(s, x, px, far);
      keep(s, x, label, queries, params.growingSet, px);
      return false;
    }
    const d = Math.sqrt(near.best);
    const dup = d < params.nearDuplicate * typical ? 1 : 0;
    nearCopy = dup === 1;
    pushNearDup(s, dup);
    // An input sent again unchanged (a retry, a re-submitted form) says nothing of how the client makes new
    // ones: its zero distance only dragged a natural client's W below δ (3% re-sends flagged 1–2 of 40).
    // Likewise a near-copy of an earlier input (a document rescanned, 0.06–0.08 of the typical distance): a rescanning
    // client's distances mixed those with its natural ones and W fell below δ (seed 201 of the third-party traffic).
    // Searches' near-copies are left to evasion-search already; JbDA's steps (≥ 0.15) are above the cut.
    if (d > 0 && !dup) {
      if (domain ?? grid) s.offDomain = Math.max(0, s.offDomain + (off ? 1 : -params.offDomainDrift));
      // Not a near-copy's: a rescanning client's copies of one image far off were counted two or three times.
      newInput(s, x, px, far);
      const stats = figures ?? classOf(s.byClass, label);
      const threshold = stats.n > 1 ? Math.max(stats.mean - Math.sqrt(stats.m2 / (stats.n - 1)), 0) : 0;
      welford(stats, d);
      s.distances.push(d);
      if (d > threshold) keep(s, x, label, queries, params.growingSet, px);
    }
    return true;
  };
  /**
   * A client's tests, every `testEvery` of its measured queries: a function of its own, too large for V8 to inline, so
   * that code first run late here (a client's first W test at its 40th distance, its first alert) throws away this
   * compiled function alone, not the whole observe (~25 ms a compilation, three times a run before).
   */
  const test = (s: ClientState, event: InferenceEvent, raise: (r: Raise) => void): void => {
    if (searching(s, params.abstainAbove)) {
      if (!s.withdrawn) {
        s.withdrawn = true;
        noveltyReference.withdraw(s.novelty, s.novelty.answers);
        residualReference.withdraw(s.residual, s.residual.answers);
      }
      return;
    }
    // A client asking about one class (a branch that handles one form, a digit near the boundary asked again and again)
    // learns nothing of the others' boundaries; an extraction's answers span the classes (Copycat, KnockoffNets and
    // JbDA: the top label at most 62% of their first 100, third-party tuning seeds; one-class clients 85–100%).
    // Boundary answers are judged against the population's share once the warm-up has measured it.
    // Likewise a client whose inputs so far are narrow (one kind of photograph): a weak model answers it with several
    // labels, many of them unsure (`input-spread.ts`). Once the warm-up's spread is known, these tests wait for the
    // client's first NARROW_AFTER new inputs, from which its own is judged.
    const judged = s.spread.length > 0 ? spreadCount(s.spread) : 0;
    const narrow = spread > 0 && (judged < NARROW_AFTER || spreadOf(s.spread) < params.narrowSpread * spread);
    const oneLabel = s.topLabel > params.oneLabelShare * s.queries;
    const oneKind = oneLabel || narrow;
    const boundary = oneKind || warmAnswers < params.warmup ? undefined : (boundaryTest(s, population, params) ?? cusumTest(s, population, params));
    if (boundary) return raise(alarm(s, event, boundary.summary, { boundaryShare: round(boundary.share), populationShare: round(population), z: round(boundary.z) }));
    // Not before the warm-up: until the typical distance is known, near-copies cannot be told from natural distances.
    // A client votes in the population's δ from VOTE_DISTANCES on (natural clients come at a human pace: on the held-out
    // sensors seed 1102 none had 40 distances by the log's 1,600th event, where an extraction already had).
    const voting = params.populationDeviations > 0 && s.distances.length >= VOTE_DISTANCES;
    const tested = scale.ready && (s.distances.length >= params.minDistances || voting) ? testW(s.distances, params.trim) : undefined;
    if (voting) {
      s.voted = tested !== undefined;
      s.w = tested ?? NaN;
    }
    const w = s.distances.length >= params.minDistances ? tested : undefined;
    // Images with a pixel grid: a client whose inputs left it (synthetic steps) needs no other test to agree with W. Its cut
    // is everyone's δ: a natural client whose images alone are off the grid (resized, decoded to floats) is judged as others.
    const offGrid = grid !== undefined && s.offDomain >= params.offGridW;
    if (w !== undefined) s.wBelow = w <= delta ? s.wBelow + 1 : 0;
    if (w !== undefined && w <= delta && s.wBelow >= params.confirmations && (offGrid || (novelty.byNearest ? farOut(s.novelty, noveltyReference, params.wNoveltyFloor) : naturalWAbove() || offOnAverage(s.residual, residualReference, params.wResidualFloor)))) {
      const by = delta < params.threshold ? `: the population's median W less ${params.populationDeviations} deviations, below PRADA's ${params.threshold}` : '';
      const steps = offGrid ? `, its inputs off the pixels' grid (a CUSUM of ${s.offDomain.toFixed(1)}): synthetic steps` : '';
      return raise(alarm(s, event, `query distances of ${event.client} are not those of natural inputs (Shapiro–Wilk W ${w.toFixed(3)} < ${round(delta)} over ${s.distances.length} minimum distances${by}${steps})`, { shapiroW: round(w), distances: s.distances.length, ...(delta < params.threshold ? { populationDelta: round(delta) } : {}), ...(offGrid ? { offGridCusum: round(s.offDomain) } : {}) }));
    }
    const ranks = oneKind ? undefined : marginRankTest(s.margins, reference, params.marginRankCusum, params.marginRankDrift);
    if (ranks) return raise(alarm(s, event, ranks.summary, { marginRankCusum: round(ranks.cusum), meanMarginRank: round(ranks.meanRank) }));
    // From the centre (images), one class asked about lies as far out as it does (a digit class far from all): left alone.
    const unlike = oneLabel && narrow && !novelty.byNearest ? undefined : noveltyTest(s.novelty, noveltyReference, params.noveltyCusum, noveltyDrift, novelty.byNearest);
    if (unlike) return raise(alarm(s, event, unlike.summary, { noveltyCusum: round(unlike.cusum), meanNoveltyRank: round(unlike.meanRank) }));
    const off = residualTest(s.residual, residualReference, params.residualCusum, params.residualDeviations, NATURAL_TAIL, params.residualShare);
    if (off) return raise(alarm(s, event, off.summary, { residualCusum: round(off.cusum), beyondCut: off.beyond, residualCut: round(off.cut) }));
    // Last, so that a client another test catches at the same query keeps that test's alert.
    if (domain && s.offDomain >= params.offDomainCusum) {
      raise(alarm(s, event, `inputs left the values the features take (off the grid or range of ${params.offDomainFeatures} or more features: a fraction in an integer or one-hot column), a CUSUM of ${s.offDomain.toFixed(1)} ≥ ${params.offDomainCusum}: synthetic inputs, as Jacobian augmentation makes them`, { offDomainCusum: round(s.offDomain) }));
    }
  };
  return {
    memory: () => ({ clients: clients.size, evicted: clients.evicted }),
    warmup: params.warmup,
    observe(event, raise) {
      if (!event.input || event.label === undefined) return;
      const s = clients.get(event.client);
      s.queries++;
      s.recent.push(event);
      // Until the warm-up ends the scale of the features is not known: its inputs wait, and are measured when it ends.
      const early = !scale.ready;
      if (early) {
        // Bounded: inputs of another length than the scale's first do not end the warm-up, and would pile up here.
        if (warm.length < 10 * params.warmup) warm.push({ s, client: event.client, x: Float64Array.from(event.input), label: event.label, queries: s.queries });
        scale.observe(event.input);
        if (scale.ready) settle();
      }
      if (++events % 500 === 0) {
        population = medianShare(clients.values(), clients.size, population, params.abstainAbove);
        steps = cusumSteps(population, params.boundaryMinShare);
        reference.refresh();
        noveltyReference.refresh();
        residualReference.refresh();
      }
      // δ follows the population's W (every 50 events until POPULATION_CLIENTS give one; PRADA's δ until then): on images
      // too since natural colour photographs gave W 0.79–0.86 (natural digits' W is above 0.87: δ stays 0.87 there).
      if (params.populationDeviations > 0 && (events % 500 === 0 || (voters < POPULATION_CLIENTS && events % 50 === 0))) {
        const ws = latestWs(clients.values(), params.abstainAbove);
        voters = ws.length;
        const own = populationFigure(ws, params.populationDeviations, POPULATION_CLIENTS);
        figure = own ?? NaN;
        delta = populationThreshold(ws, params.threshold, params.populationDeviations, POPULATION_CLIENTS, own);
      }
      const figures = classOf(s.byClass, event.label);
      if (params.oneLabelShare < 1 && ++figures.answers > s.topLabel) s.topLabel = figures.answers;
      const x = scaled(event.input);
      const far = params.noveltyCusum > 0 ? novelty.distance(x, event.client, novelty.byNearest ? project(x) : undefined) : undefined;
      if (far !== undefined) {
        s.novelty.push(-far);
        noveltyReference.add(-far, s.novelty.answers, s.novelty);
      }
      // Measured before its answer is counted: a near-copy's (a document rescanned because its first scan was unsure, a
      // form re-sent) asks nothing new of the boundary, and counted again it ran a rescanning client's boundary tests
      // up (fresh sensors 2645, 2659, 2687). Near-copies are what a search sends, and a search is left alone.
      // The warm-up's answers are counted all: its inputs are measured only at its end. PRADA's minimum distance to the
      // client's earlier queries of the same class; a client's first of a label is kept, not tested.
      nearCopy = false;
      const measured = !early && measure(s, x, event.label, s.queries, offDomain(event.input), figures, far);
      if (event.scores && !nearCopy) {
        const m = margin(event.scores);
        s.margins.push(m);
        reference.add(m, s.margins.answers);
        const low = m < params.lowMargin ? 1 : 0;
        if (warmAnswers < params.warmup && s.margins.answers <= WARM_ANSWERS) {
          warmLow += low;
          if (++warmAnswers === params.warmup && warmLow / warmAnswers > population) {
            population = warmLow / warmAnswers;
            steps = cusumSteps(population, params.boundaryMinShare);
            // The CUSUMs so far ran against 5%: against the population's share they would not have risen as far.
            for (const c of clients.values()) c.cusum = 0;
          }
        }
        s.boundaryCount += low - s.boundary.push(low);
        s.cusum = Math.max(0, s.cusum + (low ? steps.low : steps.high));
        // Divided and stored on every answer, the window full or not: a division and a store first run at a client's
        // 100th answer threw away the compiled observe, to be compiled again (~20 ms).
        const full = s.boundary.length === params.boundaryWindow;
        const turn = s.queries % params.boundaryWindow === 0;
        const share = s.boundaryCount / s.boundary.length;
        s.share = full && turn ? share : s.share;
      }
      if (!early && !measured) return;
      if (++s.sinceTest < params.testEvery) return;
      s.sinceTest = 0;
      test(s, event, raise);
    },
  };
}

function alarm(s: ClientState, event: InferenceEvent, why: string, measurements: Record<string, number>): Raise {
  const first = !s.flagged;
  s.flagged = true;
  return {
    techniques: TECHNIQUES,
    severity: 'high',
    summary: `${why}: model extraction by ${event.client}`,
    evidence: first ? s.recent.refs((e) => `label ${e.label}`) : [refOf(event)],
    measurements: { ...measurements, queries: s.queries },
  };
}

function keep(s: ClientState, x: Float64Array, label: string, queries: number, cap: number, px: Float64Array | undefined): void {
  // Past the cap, replace a slot chosen by the query count: a deterministic stand-in for a reservoir draw. Drawn on
  // every call, past the cap or not (code first run at a client's 65th kept input threw away the compiled measure),
  // and `| 0`: the unsigned hash's remainder was a heap number, not a small integer, where the point set took slots
  // (three of its functions compiled again).
  const drawn = ((Math.imul(queries, 2654435761) >>> 0) % cap) | 0;
  const slot = s.kept.size < cap ? s.kept.size : drawn;
  s.kept.set(slot, x, label, px);
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
