using System;
using System.Collections.Generic;
using AttrTune.Randomness;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;

namespace AttrTune.MultiObjective;

/// <summary>
/// NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002) as a sampler core. The observations are read as generations of
/// <see cref="PopulationSize"/> trials in the order given: the first generation is random; each later population is the
/// best <see cref="PopulationSize"/> of the previous population and the generation bred from it, by non-dominated rank
/// (Deb's constrained dominance when there are constraints) and then crowding distance; a child's parents are chosen
/// by binary tournaments on rank then crowding, crossed by SBX on numeric genes and uniformly on choices, and mutated
/// polynomially. The populations are rebuilt from the observations on every call, so nothing is kept between calls.
/// </summary>
/// <remarks>
/// Genes are the unit-cube encoding the other model samplers share (<see cref="UnitEncoding"/>); a child is decoded
/// through the space, so conditional parameters take their parents' branch and every proposal is a valid point.
/// </remarks>
internal sealed class NsgaIICore : IMultiObjectiveCore
{
    /// <summary>Trials per generation, and the population kept between generations.</summary>
    public int PopulationSize { get; init; } = 20;

    /// <summary>The probability that a child is bred by crossover rather than copied from its first parent (then mutated).</summary>
    public double CrossoverProbability { get; init; } = 0.9;

    /// <summary>How two parents combine: SBX on coordinates, either parent's value for choices.</summary>
    public ICrossover Crossover { get; init; } = new SimulatedBinaryCrossover(20);

    /// <summary>How a child is perturbed.</summary>
    public IMutation Mutation { get; init; } = new PolynomialMutation();

    /// <inheritdoc />
    public ParameterSet Propose(SearchSpaceDescriptor space, IReadOnlyList<MultiObjectiveObservation> observations, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PopulationSize, 2, nameof(PopulationSize));
        var set = new ObservationSet(space, observations);
        if (set.Valid.Count < PopulationSize || space.Count == 0)
        {
            return set.Distinct(() => set.RandomValues(random), random);
        }

        List<Member> population = Population(set);
        var encoding = UnitEncoding.Of(space);
        var layout = new GeneLayout(encoding.Categorical, encoding.ChoiceCounts);
        return set.Distinct(() => Breed(set, population, encoding, layout, random), random);
    }

    /// <summary>The current population: indices into the valid observations, with their rank and crowding distance.</summary>
    internal List<Member> Population(ObservationSet set)
    {
        int generations = set.Valid.Count / PopulationSize;
        var union = new List<int>(2 * PopulationSize);
        for (int i = 0; i < PopulationSize; i++)
        {
            union.Add(i);
        }

        List<Member> population = Survive(set, union);
        for (int generation = 1; generation < generations; generation++)
        {
            union.Clear();
            foreach (Member member in population)
            {
                union.Add(member.Index);
            }

            for (int i = generation * PopulationSize; i < (generation + 1) * PopulationSize; i++)
            {
                union.Add(i);
            }

            population = Survive(set, union);
        }

        return population;
    }

    // The best PopulationSize of `union`: whole fronts while they fit, then the most isolated points of the next front.
    private List<Member> Survive(ObservationSet set, List<int> union)
    {
        var points = new List<double[]>(union.Count);
        List<double>? violations = set.Constrained ? new List<double>(union.Count) : null;
        foreach (int index in union)
        {
            points.Add(set.Valid[index].Objectives);
            violations?.Add(set.Valid[index].Violation);
        }

        int[][] fronts = Pareto.NonDominatedSort(points, violations);
        var survivors = new List<Member>(PopulationSize);
        var frontPoints = new List<double[]>();
        for (int rank = 0; rank < fronts.Length && survivors.Count < PopulationSize; rank++)
        {
            int[] front = fronts[rank];
            frontPoints.Clear();
            foreach (int i in front)
            {
                frontPoints.Add(points[i]);
            }

            double[] crowding = Pareto.CrowdingDistance(frontPoints);
            var order = new int[front.Length];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            // Most isolated first; equal distances by position, so the survivors do not depend on the sort.
            Array.Sort(order, (a, b) => crowding[a] != crowding[b] ? crowding[b].CompareTo(crowding[a]) : a.CompareTo(b));
            int take = Math.Min(order.Length, PopulationSize - survivors.Count);
            for (int i = 0; i < take; i++)
            {
                survivors.Add(new Member(union[front[order[i]]], rank, crowding[order[i]]));
            }
        }

        return survivors;
    }

    private double[] Breed(ObservationSet set, List<Member> population, UnitEncoding encoding, GeneLayout layout, RandomSource random)
    {
        double[] first = Genes(set, Tournament(population, random), encoding, random);
        double[] child;
        if (random.NextDouble() < CrossoverProbability)
        {
            double[] second = Genes(set, Tournament(population, random), encoding, random);
            child = Crossover.Cross(first, second, layout, random);
        }
        else
        {
            child = first;
        }

        Mutation.Mutate(child, layout, random);
        return encoding.Decode(child);
    }

    private static Member Tournament(List<Member> population, RandomSource random)
    {
        Member a = population[random.NextInt32(population.Count)];
        Member b = population[random.NextInt32(population.Count)];
        if (a.Rank != b.Rank)
        {
            return a.Rank < b.Rank ? a : b;
        }

        return a.Crowding >= b.Crowding ? a : b;
    }

    // An inactive choice gets a random value, so crossover can carry a parent into a branch it did not take.
    private static double[] Genes(ObservationSet set, Member member, UnitEncoding encoding, RandomSource random)
    {
        double[] genes = encoding.EncodeValues(set.Values[member.Index]);
        for (int k = 0; k < genes.Length; k++)
        {
            if (encoding.Categorical[k] && genes[k] < 0)
            {
                genes[k] = random.NextInt32(encoding.ChoiceCounts[k]);
            }
        }

        return genes;
    }

    /// <summary>A member of the population: its observation, front and crowding distance within the front.</summary>
    internal readonly record struct Member(int Index, int Rank, double Crowding);
}
