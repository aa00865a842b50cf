namespace GridLine.Handlers.Understanding;

/// <summary>Type and category codes of /work/shared/taxonomy.json: the stable interface between classifier, rules and work orders.</summary>
public static class Taxonomy
{
    public const string Complaint = "complaint", Petition = "petition", Query = "query", Other = "other";

    public static readonly IReadOnlyList<string> Types = [Complaint, Petition, Query, Other];

    public static readonly IReadOnlyList<string> Categories =
    [
        "lighting", "noise", "parking", "sanitation", "safety", "facilities", "property", "utilities", "neighbor", "vendors",
        "construction", "greening", "hukou_education", "social_security", "labor", "housing", "health", "documents", "other",
    ];

    public static bool IsType(string? code) => code is not null && Types.Contains(code);

    /// <summary>Default categories; admins may add more, so unknown but well-formed codes are accepted elsewhere.</summary>
    public static bool IsDefaultCategory(string? code) => code is not null && Categories.Contains(code);

    /// <summary>Complaints and petitions open work orders: missing one is worse than a false alarm.</summary>
    public static bool IsReport(string type) => type is Complaint or Petition;
}
