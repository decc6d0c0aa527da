/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

export type ConsentKind =
  | 'cross_border'
  | 'event_sharing'
  | 'find_by_nickname'
  | 'location'
  | 'marketing_messages'
  | 'personalized_recommendation'
  | 'third_party_binding';

/** P-64: the kinds of data-subject request. */
export type DataSubjectRequestKind =
  | 'access'
  | 'cancellation'
  | 'consent'
  | 'copy'
  | 'correction'
  | 'deletion';

export type DataSubjectRequestStatus =
  | 'completed'
  | 'in_progress'
  | 'open'
  | 'pending_retry'
  | 'rejected';

/** The member-editable fields of a profile (P-61). */
export type ProfileCorrection = {
  avatar?: InputMaybe<Scalars['String']['input']>;
  birthDate?: InputMaybe<Scalars['String']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  gender?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  nickname?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
};

export type StoreOrdersQueryVariables = Exact<{
  storeId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type StoreOrdersQuery = { storeOrdersConnection: { nodes: Array<{ id: string, status: string | null, createdAt: string | null, total: number | null, consigneeName: string | null, consigneePhone: string | null, deliveryAddress: string | null, invoiceHeader: string | null, taxpayerId: string | null, items: Array<{ productId: string | null, quantity: number | null, price: number | null }> | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } | null };
