// Portugal as Cobre's data names it: the mainland ('PT') and the autonomous regions of the Azores
// ('PT-AC') and Madeira ('PT-MA'), which have their own tax rates but one NIF, postcode and phone plan.
export const PT_REGIONS: readonly string[] = Object.freeze(['PT', 'PT-AC', 'PT-MA']);

/** Whether a country code is Portugal or one of its autonomous regions. */
export const isPortugal = (country: string): boolean => PT_REGIONS.includes(country);
