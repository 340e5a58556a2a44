/** An app where documents are shared: an owner, and collaborators who may read and invite. */
export const SHARING_SCHEMA = `
  type Document @model {
    title: String
    owner: User @relation(name: "DocumentOwner")
    collaborators: [User!]! @relation(name: "DocumentCollaborators")
    comments: [Comment!]! @relation(name: "DocumentComments")
  }
  type Comment @model {
    text: String
    document: Document @relation(name: "DocumentComments")
  }
  extend type User {
    documents: [Document!]! @relation(name: "DocumentOwner")
    shared: [Document!]! @relation(name: "DocumentCollaborators")
  }
`;

/** User keeps its default rules (docs/permissions.md#types-without-a-rules-file): nobody reads anyone else. */
export const SHARING_RULES = {
  Document: [
    { scope: 'RELATION', userFields: ['owner'], read: true, create: true, update: true, delete: true },
    { scope: 'RELATION', userFields: ['collaborators'], read: true, update: true, fields: ['title', 'collaborators'] },
  ],
  Comment: [{ scope: 'RELATION', userFields: ['document.owner', 'document.collaborators'], read: true, create: true }],
};
