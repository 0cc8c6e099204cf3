package report

// UnlistedViolations returns, once per contract id, the violations whose
// contract is not among r.Contracts: breaches that test processes
// observed of contracts declared in code (DESIGN.md, "Measuring"). Each
// stands for one failed contract.
func (r *Report) UnlistedViolations() []Violation {
	listed := make(map[string]bool, len(r.Contracts))
	for i := range r.Contracts {
		listed[r.Contracts[i].ID] = true
	}
	var out []Violation
	for _, v := range r.Violations {
		if listed[v.ContractID] {
			continue
		}
		listed[v.ContractID] = true
		out = append(out, v)
	}
	return out
}
