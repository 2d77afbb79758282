import type { BusinessDocumentKind } from "./types.ts";
import { pathFinder, qualifiedName, type XmlElement } from "./xml.ts";

/**
 * Order-X's root, SCRDMCCBDACIOMessageStructure (the UN/CEFACT Cross
 * Industry Order): unlike CII's, its namespace has no `standard:` segment,
 * and its reusable entities are of version 128.
 */
const ORDER_X = "urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100";
const ORDER_X_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:128";
const UBL_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

/** The UBL 2.x roots of the ordering process (Peppol BIS Ordering and Order Agreement use Order and OrderResponse). */
const UBL_ORDERING = ["Order", "OrderChange", "OrderCancellation", "OrderResponse", "OrderResponseSimple"];

/** Order-X document type codes (UNTDID 1001). */
const ORDER_X_TYPES: Readonly<Record<string, string>> = { "220": "order", "230": "order change", "231": "order response" };

/** Order lines: never read, and most of a large order. */
export const ORDER_SKIPPED = [qualifiedName(ORDER_X_RAM, "IncludedSupplyChainTradeLineItem"), qualifiedName(UBL_CAC, "OrderLine")];

const { text } = pathFinder({ rsm: ORDER_X, ram: ORDER_X_RAM });

export interface BusinessDocument {
  kind: BusinessDocumentKind;
  /** What it is, a noun phrase without article: "Order-X order", "UBL OrderResponse". */
  description: string;
}

/** The business document that is no invoice which the root makes this XML, told by its namespace URI; null for any other. */
export function businessDocument(root: XmlElement): BusinessDocument | null {
  if (root.ns === ORDER_X && root.name === "SCRDMCCBDACIOMessageStructure") {
    const type = ORDER_X_TYPES[text(root, "rsm:ExchangedDocument/ram:TypeCode") ?? ""];
    return { kind: "order", description: `Order-X ${type ?? "order document"}` };
  }
  if (UBL_ORDERING.some((name) => root.name === name && root.ns === `urn:oasis:names:specification:ubl:schema:xsd:${name}-2`)) {
    return { kind: "order", description: `UBL ${root.name}` };
  }
  return null;
}
